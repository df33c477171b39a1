package io.nowcast.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The double reference's gradients against central finite differences, then the production float
 * forward pass and gradients against the reference, tensor by tensor (kernel, recurrent kernel,
 * bias per layer; head kernel and bias), for every cell, 1 and 2 layers, one and several steps, and
 * the stateful chunked case where the state carries over and the gradient stops at the chunk
 * boundary.
 */
class GradientCheckTest {
  private static final int BATCH = 3;
  private static final double FINITE_DIFFERENCE_STEP = 1e-6;
  private static final double RELATIVE_TOLERANCE = 1e-4;

  static Stream<NetworkSpec> specs() {
    List<NetworkSpec> specs = new ArrayList<>();
    NetworkSpec[] cells = {
      NetworkSpec.of(CellType.LSTM, 3, new int[] {5}, 2, OutputKind.POINT),
      NetworkSpec.of(CellType.GRU, 3, new int[] {5}, 2, OutputKind.POINT),
      NetworkSpec.of(CellType.RNN, 3, new int[] {5}, 2, OutputKind.POINT),
      new NetworkSpec(CellType.RNN, Activation.RELU, 3, new int[] {5}, 2, OutputKind.POINT),
    };
    for (NetworkSpec single : cells) {
      specs.add(single);
      specs.add(
          new NetworkSpec(
              single.cell(), single.activation(), 3, new int[] {6, 4}, 2, OutputKind.POINT));
    }
    specs.add(NetworkSpec.of(CellType.LSTM, 3, new int[] {5, 3}, 2, OutputKind.PROBABILISTIC));
    specs.add(NetworkSpec.of(CellType.GRU, 2, new int[] {4}, 3, OutputKind.PROBABILISTIC));
    return specs.stream();
  }

  static Stream<Arguments> specsAndSteps() {
    return specs().flatMap(spec -> Stream.of(1, 4).map(steps -> Arguments.of(spec, steps)));
  }

  /**
   * A random problem whose every value is a float, so float and double runs see the same numbers.
   */
  private record Problem(
      float[] parameters, float[][][] x, float[][][] targets, float[][] h0, float[][] c0) {}

  private static Problem problem(NetworkSpec spec, int steps, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] parameters = new float[ParameterLayout.of(spec).size()];
    for (int i = 0; i < parameters.length; i++) {
      parameters[i] = (float) (random.nextDouble() - 0.5);
    }
    float[][][] x = new float[BATCH][steps][spec.inputSize()];
    float[][][] targets = new float[BATCH][steps][spec.horizon()];
    for (int b = 0; b < BATCH; b++) {
      for (int t = 0; t < steps; t++) {
        for (int i = 0; i < spec.inputSize(); i++) {
          x[b][t][i] = (float) (2 * random.nextDouble() - 1);
        }
        for (int k = 0; k < spec.horizon(); k++) {
          // About one target in five is missing, as at the end of a series.
          targets[b][t][k] =
              random.nextInt(5) == 0 ? Float.NaN : (float) (2 * random.nextDouble() - 1);
        }
      }
    }
    float[][] h0 = new float[spec.layers()][];
    float[][] c0 = new float[spec.layers()][];
    for (int l = 0; l < spec.layers(); l++) {
      h0[l] = new float[BATCH * spec.hiddenSize(l)];
      c0[l] = new float[BATCH * spec.hiddenSize(l)];
      for (int i = 0; i < h0[l].length; i++) {
        h0[l][i] = (float) (random.nextDouble() - 0.5);
        c0[l][i] = (float) (random.nextDouble() - 0.5);
      }
    }
    return new Problem(parameters, x, targets, h0, c0);
  }

  @ParameterizedTest(name = "{0}, {1} steps")
  @MethodSource("specsAndSteps")
  void referenceGradientsMatchFiniteDifferences(NetworkSpec spec, int steps) {
    ReferenceNetwork reference = new ReferenceNetwork(spec);
    Problem problem = problem(spec, steps, 11);
    double[] p = toDouble(problem.parameters());
    double[] analytic =
        reference
            .run(
                p,
                referenceStates(spec, problem),
                toDouble(problem.x()),
                toDouble(problem.targets()),
                true)
            .gradient();
    for (int i = 0; i < p.length; i++) {
      double saved = p[i];
      p[i] = saved + FINITE_DIFFERENCE_STEP;
      double plus =
          reference
              .run(
                  p,
                  referenceStates(spec, problem),
                  toDouble(problem.x()),
                  toDouble(problem.targets()),
                  false)
              .loss();
      p[i] = saved - FINITE_DIFFERENCE_STEP;
      double minus =
          reference
              .run(
                  p,
                  referenceStates(spec, problem),
                  toDouble(problem.x()),
                  toDouble(problem.targets()),
                  false)
              .loss();
      p[i] = saved;
      double numeric = (plus - minus) / (2 * FINITE_DIFFERENCE_STEP);
      assertEquals(
          numeric,
          analytic[i],
          1e-6 * Math.max(1, Math.abs(numeric)),
          "parameter " + i + " of " + spec);
    }
  }

  @ParameterizedTest(name = "{0}, {1} steps")
  @MethodSource("specsAndSteps")
  void productionForwardAndGradientsMatchTheReference(NetworkSpec spec, int steps) {
    Problem problem = problem(spec, steps, 23);
    ReferenceNetwork.Result expected =
        new ReferenceNetwork(spec)
            .run(
                toDouble(problem.parameters()),
                referenceStates(spec, problem),
                toDouble(problem.x()),
                toDouble(problem.targets()),
                true);

    Network network = new Network(spec, problem.parameters().clone());
    Backprop backprop = new Backprop(spec, steps, BATCH);
    SequenceBatch batch = batch(spec, problem.x(), problem.targets());
    float[] outputs = new float[steps * BATCH * spec.outputSize()];
    backprop.forward(network, batchState(spec, problem), batch, outputs);
    Gradients gradients = new Gradients(spec);
    double loss =
        backprop.forwardBackward(
            network, batchState(spec, problem), batch, new TestLoss(spec), gradients);

    assertEquals(expected.loss(), loss, RELATIVE_TOLERANCE * Math.abs(expected.loss()), "loss");
    assertOutputsMatch(spec, expected.outputs(), outputs);
    assertGradientBlocksMatch(spec, expected.gradient(), gradients.values());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void chunkedTrainingCarriesStateAndStopsGradientAtTheBoundary(NetworkSpec spec) {
    int steps = 3;
    Problem first = problem(spec, steps, 31);
    Problem second = problem(spec, steps, 37);
    ReferenceNetwork reference = new ReferenceNetwork(spec);
    double[] p = toDouble(first.parameters());
    ReferenceNetwork.State[] states = referenceStates(spec, first);
    reference.run(p, states, toDouble(first.x()), toDouble(first.targets()), false);
    ReferenceNetwork.State[] boundary = copy(states);
    ReferenceNetwork.Result expected =
        reference.run(p, states, toDouble(second.x()), toDouble(second.targets()), true);
    assertReferenceGradientIsTruncated(reference, p, boundary, second, expected.gradient());

    Network network = new Network(spec, first.parameters().clone());
    Backprop backprop = new Backprop(spec, steps, BATCH);
    BatchState state = batchState(spec, first);
    Gradients gradients = new Gradients(spec);
    backprop.forwardBackward(
        network, state, batch(spec, first.x(), first.targets()), new TestLoss(spec), gradients);
    gradients.zero();
    double loss =
        backprop.forwardBackward(
            network,
            state,
            batch(spec, second.x(), second.targets()),
            new TestLoss(spec),
            gradients);

    assertEquals(
        expected.loss(), loss, RELATIVE_TOLERANCE * Math.abs(expected.loss()), "second chunk loss");
    assertGradientBlocksMatch(spec, expected.gradient(), gradients.values());
    for (int l = 0; l < spec.layers(); l++) {
      for (int b = 0; b < BATCH; b++) {
        for (int u = 0; u < spec.hiddenSize(l); u++) {
          assertEquals(
              states[b].h[l][u],
              state.h(l)[b * spec.hiddenSize(l) + u],
              1e-5,
              "end state h, layer " + l);
        }
      }
    }
  }

  /**
   * Finite differences with the boundary state held fixed reproduce the chunk gradient: it stops
   * there.
   */
  private static void assertReferenceGradientIsTruncated(
      ReferenceNetwork reference,
      double[] p,
      ReferenceNetwork.State[] boundary,
      Problem chunk,
      double[] gradient) {
    for (int i = 0; i < p.length; i += 7) {
      double saved = p[i];
      p[i] = saved + FINITE_DIFFERENCE_STEP;
      double plus =
          reference
              .run(p, copy(boundary), toDouble(chunk.x()), toDouble(chunk.targets()), false)
              .loss();
      p[i] = saved - FINITE_DIFFERENCE_STEP;
      double minus =
          reference
              .run(p, copy(boundary), toDouble(chunk.x()), toDouble(chunk.targets()), false)
              .loss();
      p[i] = saved;
      double numeric = (plus - minus) / (2 * FINITE_DIFFERENCE_STEP);
      assertEquals(
          numeric, gradient[i], 1e-6 * Math.max(1, Math.abs(numeric)), "truncated gradient " + i);
    }
  }

  private static void assertOutputsMatch(NetworkSpec spec, double[][][] expected, float[] actual) {
    int k = spec.outputSize();
    double worst = 0;
    double scale = 0;
    for (int b = 0; b < expected.length; b++) {
      for (int t = 0; t < expected[b].length; t++) {
        for (int j = 0; j < k; j++) {
          double e = expected[b][t][j];
          worst = Math.max(worst, Math.abs(e - actual[(t * BATCH + b) * k + j]));
          scale = Math.max(scale, Math.abs(e));
        }
      }
    }
    assertTrue(
        worst <= RELATIVE_TOLERANCE * scale, "outputs differ by " + worst + " at scale " + scale);
  }

  private static void assertGradientBlocksMatch(
      NetworkSpec spec, double[] expected, float[] actual) {
    ParameterLayout layout = ParameterLayout.of(spec);
    for (int l = 0; l < spec.layers(); l++) {
      assertBlock(
          "layer " + l + " kernel",
          expected,
          actual,
          layout.kernelOffset(l),
          layout.kernelLength(l));
      assertBlock(
          "layer " + l + " recurrent kernel",
          expected,
          actual,
          layout.recurrentKernelOffset(l),
          layout.recurrentKernelLength(l));
      assertBlock(
          "layer " + l + " bias", expected, actual, layout.biasOffset(l), layout.biasLength(l));
    }
    assertBlock(
        "head kernel", expected, actual, layout.headKernelOffset(), layout.headKernelLength());
    assertBlock("head bias", expected, actual, layout.headBiasOffset(), layout.headBiasLength());
  }

  private static void assertBlock(
      String name, double[] expected, float[] actual, int offset, int length) {
    double worst = 0;
    double scale = 0;
    for (int i = offset; i < offset + length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    assertTrue(scale > 0, name + ": reference gradient is all zero, the check would be vacuous");
    assertTrue(
        worst <= RELATIVE_TOLERANCE * scale,
        name + ": max difference " + worst + " vs scale " + scale);
  }

  static SequenceBatch batch(NetworkSpec spec, float[][][] x, float[][][] targets) {
    int steps = x[0].length;
    SequenceBatch batch = new SequenceBatch(steps, x.length, spec.inputSize(), spec.horizon());
    for (int b = 0; b < x.length; b++) {
      for (int t = 0; t < steps; t++) {
        System.arraycopy(x[b][t], 0, batch.inputs(), batch.inputOffset(t, b), spec.inputSize());
        System.arraycopy(
            targets[b][t], 0, batch.targets(), batch.targetOffset(t, b), spec.horizon());
      }
    }
    return batch;
  }

  private static BatchState batchState(NetworkSpec spec, Problem problem) {
    BatchState state = new BatchState(spec, BATCH);
    for (int l = 0; l < spec.layers(); l++) {
      System.arraycopy(problem.h0()[l], 0, state.h(l), 0, state.h(l).length);
      System.arraycopy(problem.c0()[l], 0, state.c(l), 0, state.c(l).length);
    }
    return state;
  }

  private static ReferenceNetwork.State[] referenceStates(NetworkSpec spec, Problem problem) {
    ReferenceNetwork.State[] states = new ReferenceNetwork.State[BATCH];
    boolean lstm = spec.cell() == CellType.LSTM;
    for (int b = 0; b < BATCH; b++) {
      states[b] = new ReferenceNetwork.State(spec.layerSizes());
      for (int l = 0; l < spec.layers(); l++) {
        int units = spec.hiddenSize(l);
        for (int u = 0; u < units; u++) {
          states[b].h[l][u] = problem.h0()[l][b * units + u];
          states[b].c[l][u] = lstm ? problem.c0()[l][b * units + u] : 0;
        }
      }
    }
    return states;
  }

  private static ReferenceNetwork.State[] copy(ReferenceNetwork.State[] states) {
    ReferenceNetwork.State[] copy = new ReferenceNetwork.State[states.length];
    for (int b = 0; b < states.length; b++) {
      copy[b] = states[b].copy();
    }
    return copy;
  }

  private static double[] toDouble(float[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }

  private static double[][][] toDouble(float[][][] values) {
    double[][][] result = new double[values.length][][];
    for (int b = 0; b < values.length; b++) {
      result[b] = new double[values[b].length][];
      for (int t = 0; t < values[b].length; t++) {
        result[b][t] = toDouble(values[b][t]);
      }
    }
    return result;
  }
}
