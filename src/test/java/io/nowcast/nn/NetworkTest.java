package io.nowcast.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inference step: scalar/vector bit identity, agreement with the batched forward, init and shapes.
 */
class NetworkTest {

  static List<NetworkSpec> specs() {
    return List.of(
        NetworkSpec.of(CellType.LSTM, 8, new int[] {64, 64}, 3, OutputKind.POINT),
        // Odd sizes exercise every tail: partial tiles, partial vectors, scalar remainder.
        NetworkSpec.of(CellType.LSTM, 5, new int[] {37, 19}, 4, OutputKind.PROBABILISTIC),
        NetworkSpec.of(CellType.GRU, 8, new int[] {64, 33}, 2, OutputKind.POINT),
        NetworkSpec.of(CellType.RNN, 3, new int[] {48, 7}, 1, OutputKind.POINT),
        new NetworkSpec(
            CellType.RNN, Activation.RELU, 3, new int[] {70}, 2, OutputKind.PROBABILISTIC));
  }

  private static float[] randomInput(SplittableRandom random, int size, double scale) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) ((2 * random.nextDouble() - 1) * scale);
    }
    return x;
  }

  @ParameterizedTest
  @MethodSource("specs")
  void vectorAndScalarStepsGiveIdenticalBits(NetworkSpec spec) {
    Network network = Network.initialise(spec, 7);
    NetworkState scalarState = network.newState();
    NetworkState vectorState = network.newState();
    StepWorkspace workspace = network.newWorkspace();
    float[] scalarOut = new float[spec.outputSize()];
    float[] vectorOut = new float[spec.outputSize()];
    SplittableRandom random = new SplittableRandom(3);
    for (int t = 0; t < 300; t++) {
      // Large inputs now and then drive gates into saturation and tanh into its exp branch.
      float[] x = randomInput(random, spec.inputSize(), t % 10 == 0 ? 40 : 2);
      network.step(ScalarStepKernel.INSTANCE, scalarState, x, workspace, scalarOut);
      network.step(VectorStepKernel.INSTANCE, vectorState, x, workspace, vectorOut);
      assertArrayEquals(bits(scalarOut), bits(vectorOut), "outputs at step " + t);
      assertArrayEquals(bits(scalarState.h()), bits(vectorState.h()), "h at step " + t);
      assertArrayEquals(bits(scalarState.c()), bits(vectorState.c()), "c at step " + t);
    }
  }

  @Test
  void vectorActivationsEqualScalarOnesBitForBit() {
    float[] special = {
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      -0f,
      0f,
      44.4f,
      -44.4f,
      88.9f,
      -103.9f,
      0.625f,
      -0.625f,
      0.3125f,
      Float.MIN_VALUE,
      -Float.MAX_VALUE
    };
    int gridSize = 4_000_000;
    float[] x = new float[gridSize + special.length];
    for (int i = 0; i < gridSize; i++) {
      x[i] = (i - gridSize / 2) * 6e-5f;
    }
    // The specials fill whole vectors somewhere (the grid length is a multiple of every lane
    // count).
    System.arraycopy(special, 0, x, gridSize, special.length);
    float[] sigmoid = x.clone();
    VectorStepKernel.sigmoidInPlace(sigmoid, 0, x.length);
    float[] tanh = new float[x.length];
    VectorStepKernel.tanhInto(x, 0, tanh, 0, x.length, new float[x.length], 0);
    for (int i = 0; i < x.length; i++) {
      assertEquals(
          Float.floatToRawIntBits(Activations.sigmoid(x[i])),
          Float.floatToRawIntBits(sigmoid[i]),
          "sigmoid " + x[i]);
      assertEquals(
          Float.floatToRawIntBits(Activations.tanh(x[i])),
          Float.floatToRawIntBits(tanh[i]),
          "tanh " + x[i]);
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void stepMatchesTheBatchedTrainingForward(NetworkSpec spec) {
    int steps = 20;
    Network network = Network.initialise(spec, 5);
    SplittableRandom random = new SplittableRandom(9);
    SequenceBatch batch = new SequenceBatch(steps, 1, spec.inputSize(), spec.horizon());
    for (int i = 0; i < batch.inputs().length; i++) {
      batch.inputs()[i] = (float) (2 * random.nextDouble() - 1);
    }
    float[] batched = new float[steps * spec.outputSize()];
    new Backprop(spec, steps, 1).forward(network, new BatchState(spec, 1), batch, batched);

    NetworkState state = network.newState();
    StepWorkspace workspace = network.newWorkspace();
    float[] out = new float[spec.outputSize()];
    float[] x = new float[spec.inputSize()];
    for (int t = 0; t < steps; t++) {
      System.arraycopy(batch.inputs(), batch.inputOffset(t, 0), x, 0, x.length);
      network.step(state, x, workspace, out);
      for (int k = 0; k < out.length; k++) {
        float expected = batched[t * spec.outputSize() + k];
        // Same cell arithmetic; only Gemm's summation order may differ.
        assertEquals(
            expected,
            out[k],
            1e-5f * Math.max(1f, Math.abs(expected)),
            "step " + t + " output " + k);
      }
    }
  }

  @Test
  void initialisationIsDeterministicWithForgetBiasOne() {
    NetworkSpec spec = NetworkSpec.of(CellType.LSTM, 4, new int[] {6, 5}, 2, OutputKind.POINT);
    float[] first = Network.initialise(spec, 42).parameters();
    assertArrayEquals(bits(first), bits(Network.initialise(spec, 42).parameters()));
    assertFalse(
        Arrays.equals(first, Network.initialise(spec, 43).parameters()), "another seed differs");
    ParameterLayout layout = ParameterLayout.of(spec);
    for (int l = 0; l < spec.layers(); l++) {
      int units = spec.hiddenSize(l);
      for (int k = 0; k < 4 * units; k++) {
        float expected = k >= units && k < 2 * units ? 1f : 0f;
        assertEquals(expected, first[layout.biasOffset(l) + k], "layer " + l + " bias " + k);
      }
    }
  }

  @Test
  void recurrentKernelsHaveOrthonormalRowsAndKernelsStayInTheGlorotLimit() {
    NetworkSpec spec = NetworkSpec.of(CellType.GRU, 4, new int[] {6}, 2, OutputKind.POINT);
    float[] p = Network.initialise(spec, 1).parameters();
    ParameterLayout layout = ParameterLayout.of(spec);
    int cols = layout.gateWidth(0);
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        double dot = 0;
        for (int k = 0; k < cols; k++) {
          dot +=
              p[layout.recurrentKernelOffset(0) + i * cols + k]
                  * p[layout.recurrentKernelOffset(0) + j * cols + k];
        }
        assertEquals(i == j ? 1 : 0, dot, 1e-5, "row " + i + " · row " + j);
      }
    }
    double limit = Math.sqrt(6.0 / (4 + cols));
    for (int i = 0; i < layout.kernelLength(0); i++) {
      assertTrue(Math.abs(p[layout.kernelOffset(0) + i]) <= limit, "kernel " + i);
    }
  }

  @Test
  void wrongShapesFailWithClearMessages() {
    NetworkSpec spec = NetworkSpec.of(CellType.LSTM, 3, new int[] {4}, 2, OutputKind.POINT);
    IllegalArgumentException length =
        assertThrows(IllegalArgumentException.class, () -> new Network(spec, new float[10]));
    assertTrue(
        length.getMessage().contains("expected " + ParameterLayout.of(spec).size())
            && length.getMessage().contains("got 10"),
        length.getMessage());
    IllegalArgumentException layer =
        assertThrows(
            IllegalArgumentException.class,
            () -> NetworkSpec.of(CellType.GRU, 3, new int[] {4, 0}, 2, OutputKind.POINT));
    assertTrue(layer.getMessage().contains("layerSizes[1]"), layer.getMessage());
    Network network = Network.initialise(spec, 1);
    IllegalArgumentException input =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                network.step(
                    network.newState(), new float[5], network.newWorkspace(), new float[2]));
    assertTrue(
        input.getMessage().contains("expected 3") && input.getMessage().contains("got 5"),
        input.getMessage());
    NetworkState gruState =
        new NetworkState(NetworkSpec.of(CellType.GRU, 3, new int[] {4}, 2, OutputKind.POINT));
    IllegalArgumentException state =
        assertThrows(
            IllegalArgumentException.class,
            () -> network.step(gruState, new float[3], network.newWorkspace(), new float[2]));
    assertTrue(state.getMessage().contains("c 4"), state.getMessage());
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
