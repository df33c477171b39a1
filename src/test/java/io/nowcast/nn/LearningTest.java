package io.nowcast.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.nn.optim.Adam;
import io.nowcast.nn.optim.GradientClipping;
import io.nowcast.nn.optim.MeanSquaredError;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * End to end, the pieces learn: a seeded LSTM trained by stateful truncated BPTT with Adam and
 * clipping fits a noisy sine far better than repeat-last-value, to a stated loss, and two runs with
 * the same seed give the same bits.
 */
class LearningTest {
  private static final int SERIES_LENGTH = 4000;
  private static final int SEGMENTS = 8;
  private static final int CHUNK = 25;
  private static final int HORIZON = 4;
  private static final int EPOCHS = 30;
  private static final double NOISE = 0.1;

  @Test
  void fitsANoisySineWellBelowPersistence() {
    float[] series = noisySine(new SplittableRandom(7));
    Network network = train(series, 42);

    double modelMse = evaluate(network, series);
    double persistenceMse = persistenceMse(series);

    // The noise alone costs NOISE² = 0.01 per step; persistence pays for the sine's slope too.
    assertTrue(modelMse < 0.015, "model MSE " + modelMse + " must be below 0.015");
    assertTrue(
        modelMse < 0.5 * persistenceMse,
        "model MSE " + modelMse + " vs persistence " + persistenceMse);
  }

  @Test
  void sameSeedGivesTheSameParameters() {
    float[] series = noisySine(new SplittableRandom(7));
    float[] first = train(series, 3).parameters();
    float[] second = train(series, 3).parameters();

    assertEquals(Arrays.hashCode(first), Arrays.hashCode(second));
    assertTrue(Arrays.equals(first, second));
  }

  /** A sine with a 50-step period plus Gaussian noise: the value is its own (only) input. */
  private static float[] noisySine(SplittableRandom random) {
    float[] series = new float[SERIES_LENGTH];
    for (int t = 0; t < SERIES_LENGTH; t++) {
      series[t] = (float) (Math.sin(2 * Math.PI * t / 50.0) + NOISE * gaussian(random));
    }
    return series;
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }

  /**
   * Trains on the first half: SEGMENTS contiguous segments stepped chunk by chunk, state carried.
   */
  private static Network train(float[] series, long seed) {
    NetworkSpec spec = NetworkSpec.of(CellType.LSTM, 1, new int[] {16}, HORIZON, OutputKind.POINT);
    Network network = Network.initialise(spec, seed);
    Backprop backprop = new Backprop(spec, CHUNK, SEGMENTS);
    BatchState state = new BatchState(spec, SEGMENTS);
    Gradients gradients = new Gradients(spec);
    Adam adam = new Adam(network.parameters().length, 1e-2);
    MeanSquaredError loss = new MeanSquaredError();
    int segmentLength = SERIES_LENGTH / 2 / SEGMENTS;
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      state.resetAll();
      for (int start = 0; start + CHUNK <= segmentLength; start += CHUNK) {
        SequenceBatch chunk = chunk(series, segmentLength, start);
        gradients.zero();
        backprop.forwardBackward(network, state, chunk, loss, gradients);
        GradientClipping.clipByGlobalNorm(gradients.values(), 1.0);
        adam.step(network.parameters(), gradients.values());
      }
    }
    return network;
  }

  private static SequenceBatch chunk(float[] series, int segmentLength, int start) {
    SequenceBatch batch = new SequenceBatch(CHUNK, SEGMENTS, 1, HORIZON);
    for (int t = 0; t < CHUNK; t++) {
      for (int b = 0; b < SEGMENTS; b++) {
        int position = b * segmentLength + start + t;
        batch.inputs()[batch.inputOffset(t, b)] = series[position];
        for (int s = 0; s < HORIZON; s++) {
          batch.targets()[batch.targetOffset(t, b) + s] = series[position + 1 + s];
        }
      }
    }
    return batch;
  }

  /** Steps the whole series once and scores every forecast made in the second half, all steps. */
  private static double evaluate(Network network, float[] series) {
    NetworkState state = network.newState();
    StepWorkspace workspace = network.newWorkspace();
    float[] out = new float[HORIZON];
    float[] x = new float[1];
    double sum = 0;
    int count = 0;
    for (int t = 0; t + HORIZON < SERIES_LENGTH; t++) {
      x[0] = series[t];
      network.step(state, x, workspace, out);
      if (t >= SERIES_LENGTH / 2) {
        for (int s = 0; s < HORIZON; s++) {
          double error = out[s] - series[t + 1 + s];
          sum += error * error;
          count++;
        }
      }
    }
    return sum / count;
  }

  private static double persistenceMse(float[] series) {
    double sum = 0;
    int count = 0;
    for (int t = SERIES_LENGTH / 2; t + HORIZON < SERIES_LENGTH; t++) {
      for (int s = 0; s < HORIZON; s++) {
        double error = series[t] - series[t + 1 + s];
        sum += error * error;
        count++;
      }
    }
    return sum / count;
  }
}
