package io.nowcast.train;

import io.nowcast.avro.Calibration;
import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureState;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkState;
import io.nowcast.nn.StepWorkspace;
import io.nowcast.nn.optim.LossFunction;
import java.util.Arrays;
import java.util.List;

/**
 * Scores forecasters on the holdout exactly as the forecaster would run them: every series is
 * streamed from its first reading (so the recurrent and feature state are warm when the holdout
 * starts) through {@code pipeline.observe → network.step}, and each origin t whose whole horizon
 * lies in the holdout ({@code trainEnd − 1 ≤ t ≤ size − 1 − horizon}, and at least {@link
 * TrainingData#WARM_UP_READINGS} readings seen) is scored against the actual values. All
 * forecasters are scored on the same positions, so their figures compare directly.
 */
public final class HoldoutScorer {

  private HoldoutScorer() {}

  /** Receives the normalised residual (actual − forecast) of every scored (position, step). */
  @FunctionalInterface
  public interface ResidualSink {
    void accept(int step, double residual);
  }

  /**
   * Receives, for every scored (position, step), the forecast, the actual and the repeat-last-value
   * forecast, all on the network's output scale.
   */
  @FunctionalInterface
  public interface OutputSink {
    void accept(int step, double output, double target, double persistence);
  }

  /**
   * What a forecaster does at one origin: normalised forecasts of steps 1..horizon into {@code
   * out}.
   */
  private interface Predictor {
    void startSeries();

    void predict(FeatureState state, float[] x, float[] out);
  }

  /** First origin scored in a split of a series, for a given horizon. */
  static int firstOrigin(Series.Split split) {
    return Math.max(split.trainEnd() - 1, TrainingData.WARM_UP_READINGS - 1);
  }

  /** Origins scored in a split: 0 when the holdout is shorter than the horizon. */
  static int positions(Series.Split split, int horizon) {
    return Math.max(0, split.series().size() - horizon - firstOrigin(split));
  }

  /**
   * Scores a network.
   *
   * @param loss the training loss, also reported on the holdout (for early stopping)
   * @param calibration intervals whose coverage is counted, or null
   * @param residuals receives every normalised residual, or null
   */
  public static HoldoutScore scoreNetwork(
      Network network,
      FeaturePipeline pipeline,
      List<Series.Split> splits,
      LossFunction loss,
      Calibration calibration,
      ResidualSink residuals) {
    return scoreShrunkNetwork(network, pipeline, splits, loss, null, calibration, residuals);
  }

  /**
   * Fits the per-step shrinkage toward repeat-last-value ({@link ShrinkageFit}) of a network's
   * forecasts on the holdout positions.
   */
  public static List<Double> fitShrinkage(
      Network network, FeaturePipeline pipeline, List<Series.Split> splits) {
    ShrinkageFit fit = new ShrinkageFit(network.spec().horizon());
    Predictor predictor = new NetworkPredictor(network, pipeline, null);
    score(
        pipeline,
        splits,
        network.spec().horizon(),
        predictor,
        new Extras(null, null, null, null, fit));
    return fit.factors();
  }

  /**
   * Scores a network whose means are pulled toward repeat-last-value per step, as the forecaster
   * serves a model with a shrinkage ({@link FeaturePipeline#shrinkTowardLastValue}).
   *
   * @param shrinkage the factor per step, or null for none; the loss is of the unshrunk output
   * @param calibration intervals whose coverage is counted, or null
   * @param residuals receives every normalised residual of the shrunk forecast, or null
   */
  public static HoldoutScore scoreShrunkNetwork(
      Network network,
      FeaturePipeline pipeline,
      List<Series.Split> splits,
      LossFunction loss,
      List<Double> shrinkage,
      Calibration calibration,
      ResidualSink residuals) {
    NetworkPredictor predictor = new NetworkPredictor(network, pipeline, shrinkage);
    return score(
        pipeline,
        splits,
        network.spec().horizon(),
        predictor,
        new Extras(loss, predictor.raw, calibration, residuals, null));
  }

  /**
   * Steps the network and writes its (possibly shrunk) means; {@code raw} keeps the unshrunk output
   * for the loss.
   */
  private static final class NetworkPredictor implements Predictor {
    private final Network network;
    private final FeaturePipeline pipeline;
    private final double[] shrinkage;
    private final NetworkState state;
    private final StepWorkspace workspace;
    final float[] raw;

    NetworkPredictor(Network network, FeaturePipeline pipeline, List<Double> shrinkage) {
      this.network = network;
      this.pipeline = pipeline;
      this.shrinkage =
          shrinkage == null || shrinkage.isEmpty()
              ? null
              : shrinkage.stream().mapToDouble(Double::doubleValue).toArray();
      this.state = network.newState();
      this.workspace = network.newWorkspace();
      this.raw = new float[network.spec().outputSize()];
    }

    @Override
    public void startSeries() {
      state.reset();
    }

    @Override
    public void predict(FeatureState features, float[] x, float[] out) {
      network.step(state, x, workspace, raw);
      for (int k = 0; k < out.length; k++) {
        out[k] =
            shrinkage == null
                ? raw[k]
                : (float) pipeline.shrinkTowardLastValue(features, raw[k], shrinkage[k]);
      }
    }
  }

  /** Scores repeat-last-value: every step forecasts the origin's value. */
  public static HoldoutScore scorePersistence(
      FeaturePipeline pipeline, List<Series.Split> splits, int horizon) {
    Predictor predictor =
        new Predictor() {
          @Override
          public void startSeries() {}

          @Override
          public void predict(FeatureState features, float[] x, float[] out) {
            Arrays.fill(
                out, 0, horizon, (float) pipeline.normaliseTarget(features, features.lastValue()));
          }
        };
    return score(pipeline, splits, horizon, predictor, new Extras(null, null, null, null, null));
  }

  /** Optional work done at each scored origin of a network. */
  private record Extras(
      LossFunction loss,
      float[] rawOutput,
      Calibration calibration,
      ResidualSink residuals,
      OutputSink outputs) {}

  private static HoldoutScore score(
      FeaturePipeline pipeline,
      List<Series.Split> splits,
      int horizon,
      Predictor predictor,
      Extras extras) {
    HoldoutScore score = new HoldoutScore(horizon);
    float[] x = new float[pipeline.inputSize()];
    float[] forecast = new float[horizon];
    float[] targets = new float[horizon];
    float[] gradientScratch =
        extras.rawOutput() == null ? null : new float[extras.rawOutput().length];
    for (Series.Split split : splits) {
      Series series = split.series();
      FeatureState state = pipeline.newState();
      predictor.startSeries();
      int first = firstOrigin(split);
      int last = series.size() - 1 - horizon;
      for (int t = 0; t < series.size(); t++) {
        pipeline.observe(state, series.timestamp(t), series.value(t), series.covariates(t), x);
        predictor.predict(state, x, forecast);
        if (t < first || t > last) {
          continue;
        }
        for (int s = 0; s < horizon; s++) {
          double actual = series.value(t + 1 + s);
          targets[s] = (float) pipeline.normaliseTarget(state, actual);
          double residual = (double) targets[s] - forecast[s];
          score.add(s, residual, actual - pipeline.denormalise(state, forecast[s]));
          recordResidual(score, extras, s, residual);
          if (extras.outputs() != null) {
            extras
                .outputs()
                .accept(
                    s, forecast[s], targets[s], pipeline.normaliseTarget(state, state.lastValue()));
          }
        }
        if (extras.loss() != null) {
          score.addLoss(
              extras
                  .loss()
                  .accumulate(extras.rawOutput(), 0, targets, 0, horizon, gradientScratch, 0, 0f));
        }
      }
    }
    return score;
  }

  private static void recordResidual(HoldoutScore score, Extras extras, int step, double residual) {
    if (extras.calibration() != null) {
      double lower = extras.calibration().getLower().get(step);
      double upper = extras.calibration().getUpper().get(step);
      score.addCoverage(residual >= lower && residual <= upper);
    }
    if (extras.residuals() != null) {
      extras.residuals().accept(step, residual);
    }
  }
}
