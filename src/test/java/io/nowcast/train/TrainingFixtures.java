package io.nowcast.train;

import io.nowcast.features.FeatureSpec;
import io.nowcast.nn.Activation;
import io.nowcast.nn.CellType;
import io.nowcast.nn.OutputKind;
import java.util.SplittableRandom;

/** Small settings and seeded synthetic series shared by the training tests. */
final class TrainingFixtures {

  static final long START_MILLIS = 1_600_000_000_000L;
  static final long STEP_MILLIS = 60_000L;

  private TrainingFixtures() {}

  /**
   * A small, fast configuration: one LSTM layer of 16, horizon 4, chunks of 32 × 8 segments, Adam
   * 1e-2.
   */
  static TrainingSettings small(int epochs, int patience, long seed) {
    return settings(FeatureSpec.DEFAULT, OutputKind.POINT, 4, epochs, patience, seed, 1e-2);
  }

  static TrainingSettings settings(
      FeatureSpec features,
      OutputKind output,
      int horizon,
      int epochs,
      int patience,
      long seed,
      double learningRate) {
    return new TrainingSettings(
        CellType.LSTM,
        Activation.TANH,
        new int[] {16},
        horizon,
        output,
        features,
        32,
        8,
        learningRate,
        TrainingSettings.OptimizerKind.ADAM,
        1.0,
        1.0,
        epochs,
        patience,
        seed,
        0.25,
        50,
        0.8,
        TrainingSettings.LossKind.MSE,
        1,
        1,
        0,
        0);
  }

  /** {@code base} with a seed ensemble of {@code members} networks. */
  static TrainingSettings withEnsemble(TrainingSettings base, int members) {
    return copy(base, base.seed(), members, base.maxTrainSteps());
  }

  /** {@code base} with another seed. */
  static TrainingSettings withSeed(TrainingSettings base, long seed) {
    return copy(base, seed, base.ensemble(), base.maxTrainSteps());
  }

  /** {@code base} with a cap on the sequence steps each member trains on. */
  static TrainingSettings withMaxTrainSteps(TrainingSettings base, long steps) {
    return copy(base, base.seed(), base.ensemble(), steps);
  }

  private static TrainingSettings copy(
      TrainingSettings base, long seed, int members, long maxTrainSteps) {
    return new TrainingSettings(
        base.cell(),
        base.activation(),
        base.layers(),
        base.horizon(),
        base.output(),
        base.features(),
        base.chunkLength(),
        base.batchSize(),
        base.learningRate(),
        base.optimizer(),
        base.clipNorm(),
        base.learningRateDecay(),
        base.epochs(),
        base.patience(),
        seed,
        base.holdoutFraction(),
        base.minPointsPerKey(),
        base.intervalLevel(),
        base.loss(),
        members,
        base.threads(),
        maxTrainSteps,
        base.holdoutSamplePoints());
  }

  /**
   * A sine scaled to about 1e38, with the raw (un-normalised) settings whose loss then overflows:
   * training must diverge.
   */
  static Series explodingSine() {
    Series sine = noisySine("hot", 400, 24, 0.3, 1);
    long[] times = new long[sine.size()];
    double[] values = new double[sine.size()];
    for (int i = 0; i < sine.size(); i++) {
      times[i] = sine.timestamp(i);
      values[i] = sine.value(i) * 1e38;
    }
    return Series.of("hot", times, values);
  }

  /** Settings without normalisation, under which {@link #explodingSine()} diverges. */
  static TrainingSettings unnormalised() {
    return settings(FeatureSpec.parse("value,norm=none"), OutputKind.POINT, 4, 3, 0, 1, 1e-2);
  }

  /** y_t = 1.6·y_{t−1} − 0.8·y_{t−2} + N(0, noise²) + 10, a damped oscillation driven by noise. */
  static Series ar2(String key, int length, double noise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] times = new long[length];
    double[] values = new double[length];
    double previous = 0;
    double beforePrevious = 0;
    for (int t = 0; t < length; t++) {
      double next = 1.6 * previous - 0.8 * beforePrevious + noise * gaussian(random);
      beforePrevious = previous;
      previous = next;
      times[t] = START_MILLIS + t * STEP_MILLIS;
      values[t] = 10 + next;
    }
    return Series.of(key, times, values);
  }

  /** A sine of the given period plus Gaussian noise of standard deviation {@code noise}. */
  static Series noisySine(String key, int length, int period, double noise, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] times = new long[length];
    double[] values = new double[length];
    for (int t = 0; t < length; t++) {
      times[t] = START_MILLIS + t * STEP_MILLIS;
      values[t] = 5 + Math.sin(2 * Math.PI * t / period) + noise * gaussian(random);
    }
    return Series.of(key, times, values);
  }

  /** Box–Muller from a seeded stream. */
  static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
