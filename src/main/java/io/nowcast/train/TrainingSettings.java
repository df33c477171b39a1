package io.nowcast.train;

import io.nowcast.features.FeatureSpec;
import io.nowcast.nn.Activation;
import io.nowcast.nn.CellType;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import java.util.Objects;

/**
 * Everything one training run needs to know. The command line and the trainer service build it from
 * {@code io.nowcast.config.TrainerConfig} (the {@code nowcast.model.*} and {@code
 * nowcast.trainer.*} keys, whose declarations hold the defaults and their documentation); this
 * package stays free of the configuration layer and of Kafka.
 *
 * @param cell recurrent cell of every layer
 * @param activation activation of RNN layers
 * @param layers hidden units per layer, first layer first
 * @param horizon steps ahead each forecast covers
 * @param output POINT (MSE loss, conformal intervals) or PROBABILISTIC (Gaussian NLL)
 * @param features the feature spec, stored in the model
 * @param chunkLength time steps per truncated back-propagation chunk (T)
 * @param batchSize segments trained side by side (B)
 * @param learningRate the optimiser's initial step size
 * @param optimizer ADAM or RMSPROP
 * @param clipNorm largest global gradient norm; 0 disables clipping
 * @param learningRateDecay the learning rate is multiplied by this after every epoch (1 = constant)
 * @param epochs maximum passes over the training data
 * @param patience stop after this many epochs without holdout improvement; 0 disables early
 *     stopping
 * @param seed seed of initialisation and batching
 * @param holdoutFraction the most recent fraction of each key's readings held out for scoring
 * @param minPointsPerKey keys with fewer readings are refused
 * @param intervalLevel nominal coverage of the calibrated intervals, e.g. 0.8
 * @param loss what POINT heads minimise (and early stopping compares); PROBABILISTIC heads always
 *     use the Gaussian NLL
 * @param ensemble members of the seed ensemble: networks trained from seeds seed, seed + 1, … and
 *     served as one merged network forecasting their mean (1 = a single network)
 * @param threads threads training may use: ensemble members train side by side and each member's
 *     mini-batches are split over its share of them; the result is the same for any number
 * @param maxTrainSteps sequence steps one member trains on, all epochs together (an epoch over n
 *     training readings costs n): caps the epochs when the data is large; 0 = no cap
 * @param holdoutSamplePoints early stopping scores the holdout of a fixed subsample of the keys
 *     holding about this many readings (each key streamed whole); the final scores, shrinkage and
 *     calibration use every key; 0 = every key
 */
public record TrainingSettings(
    CellType cell,
    Activation activation,
    int[] layers,
    int horizon,
    OutputKind output,
    FeatureSpec features,
    int chunkLength,
    int batchSize,
    double learningRate,
    OptimizerKind optimizer,
    double clipNorm,
    double learningRateDecay,
    int epochs,
    int patience,
    long seed,
    double holdoutFraction,
    int minPointsPerKey,
    double intervalLevel,
    LossKind loss,
    int ensemble,
    int threads,
    long maxTrainSteps,
    long holdoutSamplePoints) {

  /** The optimisers the trainer can use. */
  public enum OptimizerKind {
    ADAM,
    RMSPROP
  }

  /**
   * Training losses of POINT heads: squared error, absolute error (MASE is an MAE ratio), or Huber
   * with δ = 1 on the normalised scale (squared near the target, absolute beyond).
   */
  public enum LossKind {
    MSE,
    MAE,
    HUBER
  }

  public TrainingSettings {
    Objects.requireNonNull(cell, "cell");
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(loss, "loss");
    layers = layers.clone();
    requireAtLeast("chunkLength", chunkLength, 1);
    requireAtLeast("batchSize", batchSize, 1);
    requireAtLeast("epochs", epochs, 1);
    requireAtLeast("patience", patience, 0);
    requireAtLeast("minPointsPerKey", minPointsPerKey, 1);
    requireAtLeast("ensemble", ensemble, 1);
    requireAtLeast("threads", threads, 1);
    if (maxTrainSteps < 0 || holdoutSamplePoints < 0) {
      throw new IllegalArgumentException(
          "maxTrainSteps and holdoutSamplePoints: expected >= 0 (0 = no limit), got "
              + maxTrainSteps
              + ", "
              + holdoutSamplePoints);
    }
    requireInOpenRange("learningRate", learningRate, 0, Double.MAX_VALUE);
    if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
      throw new IllegalArgumentException(
          "learningRateDecay: expected a number in (0, 1], got " + learningRateDecay);
    }
    requireInOpenRange("holdoutFraction", holdoutFraction, 0, 1);
    requireInOpenRange("intervalLevel", intervalLevel, 0, 1);
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new IllegalArgumentException(
          "clipNorm: expected a finite number >= 0, got " + clipNorm);
    }
  }

  private static void requireAtLeast(String name, int value, int minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException(name + ": expected >= " + minimum + ", got " + value);
    }
  }

  private static void requireInOpenRange(String name, double value, double low, double high) {
    if (!(value > low && value < high)) {
      throw new IllegalArgumentException(
          name + ": expected a number in (" + low + ", " + high + "), got " + value);
    }
  }

  /** The shape of one network (one ensemble member) for a pipeline of {@code inputSize} inputs. */
  public NetworkSpec networkSpec(int inputSize) {
    return new NetworkSpec(cell, activation, inputSize, layers, horizon, output);
  }

  /**
   * These settings with {@code threads} threads: the trained model is the same, only the time
   * differs.
   */
  public TrainingSettings withThreads(int threads) {
    return new TrainingSettings(
        cell,
        activation,
        layers,
        horizon,
        output,
        features,
        chunkLength,
        batchSize,
        learningRate,
        optimizer,
        clipNorm,
        learningRateDecay,
        epochs,
        patience,
        seed,
        holdoutFraction,
        minPointsPerKey,
        intervalLevel,
        loss,
        ensemble,
        threads,
        maxTrainSteps,
        holdoutSamplePoints);
  }

  /**
   * The epochs to run over {@code samples} training readings: {@link #epochs()}, fewer when {@link
   * #maxTrainSteps()} does not allow that many passes, at least one.
   */
  public int epochsFor(long samples) {
    if (maxTrainSteps == 0 || samples == 0) {
      return epochs;
    }
    return (int) Math.max(1, Math.min(epochs, maxTrainSteps / samples));
  }

  @Override
  public int[] layers() {
    return layers.clone();
  }
}
