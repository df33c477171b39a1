package io.nowcast.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Network#forServing} finds a merged seed ensemble's blocks and steps them alone with
 * exactly the dense step's values, in both arithmetic paths; anything not exactly block-diagonal
 * steps dense.
 */
class BlockStepTest {
  private static final int STEPS = 200;

  static Stream<Arguments> ensembles() {
    List<Arguments> cases = new ArrayList<>();
    for (CellType cell : CellType.values()) {
      for (OutputKind output : OutputKind.values()) {
        for (int members : new int[] {2, 3}) {
          // 32: the default member, whole vectors; 7, 5: every partial tile and scalar tail.
          cases.add(Arguments.of(NetworkSpec.of(cell, 3, new int[] {32, 32}, 4, output), members));
          cases.add(Arguments.of(NetworkSpec.of(cell, 3, new int[] {7, 5}, 4, output), members));
        }
      }
    }
    cases.add(
        Arguments.of(
            new NetworkSpec(
                CellType.RNN, Activation.RELU, 2, new int[] {6, 9}, 3, OutputKind.POINT),
            3));
    return cases.stream();
  }

  /** Random parameters in (−0.5, 0.5): every weight and bias of a member non-zero. */
  private static float[] mergedParameters(NetworkSpec member, int members, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<float[]> parameters = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      float[] memberParameters = new float[ParameterLayout.of(member).size()];
      for (int i = 0; i < memberParameters.length; i++) {
        memberParameters[i] = (float) (random.nextDouble() - 0.5);
      }
      parameters.add(memberParameters);
    }
    return EnsembleMerge.merge(member, parameters);
  }

  @ParameterizedTest
  @MethodSource("ensembles")
  void blockStepEqualsTheDenseStepInBothPaths(NetworkSpec member, int members) {
    NetworkSpec spec = EnsembleMerge.mergedSpec(member, members);
    float[] parameters = mergedParameters(member, members, 17);
    Network dense = new Network(spec, parameters);
    Network serving = Network.forServing(spec, parameters);
    assertEquals(members, serving.blockMembers(), "blocks found");

    Stepper denseScalar = new Stepper(dense, ScalarStepKernel.INSTANCE);
    Stepper denseVector = new Stepper(dense, VectorStepKernel.INSTANCE);
    Stepper blockScalar = new Stepper(serving, ScalarStepKernel.INSTANCE);
    Stepper blockVector = new Stepper(serving, VectorStepKernel.INSTANCE);
    SplittableRandom inputs = new SplittableRandom(5);
    for (int t = 0; t < STEPS; t++) {
      float[] x = new float[spec.inputSize()];
      for (int i = 0; i < x.length; i++) {
        // Large inputs now and then saturate the gates and take tanh into its exp branch.
        x[i] = (float) ((2 * inputs.nextDouble() - 1) * (t % 10 == 0 ? 40 : 2));
      }
      denseScalar.step(x);
      denseVector.step(x);
      blockScalar.step(x);
      blockVector.step(x);
      blockScalar.assertSameValues(denseScalar, "scalar path, step " + t);
      blockVector.assertSameValues(denseVector, "vector path, step " + t);
      blockVector.assertSameBits(blockScalar, "block step, vector vs scalar (D2), step " + t);
    }
  }

  @ParameterizedTest
  @MethodSource("ensembles")
  void oneNonZeroOffDiagonalWeightMakesTheNetworkDense(NetworkSpec member, int members) {
    NetworkSpec spec = EnsembleMerge.mergedSpec(member, members);
    ParameterLayout layout = ParameterLayout.of(spec);
    int lastGateBlock = (spec.cell().gates() - 1) * spec.hiddenSize(1);
    // Member 0's first row, member 1's first unit of the last gate block: one matrix at a time.
    int[] offDiagonal = {
      layout.recurrentKernelOffset(0) + member.hiddenSize(0),
      layout.recurrentKernelOffset(1) + lastGateBlock + member.hiddenSize(1),
      layout.kernelOffset(1) + member.hiddenSize(1)
    };
    for (int index : offDiagonal) {
      float[] parameters = mergedParameters(member, members, 23);
      assertEquals(0f, parameters[index], "the chosen weight must be off-diagonal");
      parameters[index] = 1e-30f;
      assertEquals(
          1,
          Network.forServing(spec, parameters).blockMembers(),
          "with weight " + index + " non-zero");
    }
  }

  @Test
  void theLargestBlockStructureIsFound() {
    NetworkSpec member = NetworkSpec.of(CellType.LSTM, 3, new int[] {4, 6}, 2, OutputKind.POINT);
    NetworkSpec spec = EnsembleMerge.mergedSpec(member, 4);
    float[] parameters = mergedParameters(member, 4, 29);
    assertEquals(4, Network.forServing(spec, parameters).blockMembers());
    // Members 0 and 1 now see each other: still two blocks of two members each.
    parameters[ParameterLayout.of(spec).recurrentKernelOffset(1) + member.hiddenSize(1)] = 0.25f;
    Network pairs = Network.forServing(spec, parameters);
    assertEquals(2, pairs.blockMembers());

    Stepper dense = new Stepper(new Network(spec, parameters), ScalarStepKernel.INSTANCE);
    Stepper blocks = new Stepper(pairs, ScalarStepKernel.INSTANCE);
    for (int t = 0; t < 20; t++) {
      float[] x = {t * 0.1f, -0.5f, 1.5f - t * 0.05f};
      dense.step(x);
      blocks.step(x);
      blocks.assertSameValues(dense, "step " + t);
    }
  }

  @Test
  void denseNetworksAndTheConstructorStepDense() {
    NetworkSpec spec = NetworkSpec.of(CellType.LSTM, 3, new int[] {96, 96}, 12, OutputKind.POINT);
    float[] random = Network.initialise(spec, 3).parameters();
    assertEquals(1, Network.forServing(spec, random).blockMembers(), "Glorot-initialised network");

    NetworkSpec member = NetworkSpec.of(CellType.LSTM, 3, new int[] {32, 32}, 12, OutputKind.POINT);
    float[] merged = mergedParameters(member, 3, 31);
    assertEquals(
        1, new Network(spec, merged).blockMembers(), "the constructor never looks for blocks");
    Network serving = Network.forServing(spec, merged);
    assertEquals(3, serving.blockMembers());
    assertSame(
        merged, serving.parameters(), "the serving network shares the buffer like any network");
  }

  /** One network stepped through one kernel from a zero state. */
  private static final class Stepper {
    private final Network network;
    private final StepKernel kernel;
    private final NetworkState state;
    private final StepWorkspace workspace;
    private final float[] out;

    Stepper(Network network, StepKernel kernel) {
      this.network = network;
      this.kernel = kernel;
      this.state = network.newState();
      this.workspace = network.newWorkspace();
      this.out = new float[network.spec().outputSize()];
    }

    void step(float[] x) {
      network.step(kernel, state, x, workspace, out);
    }

    /**
     * Equal values by {@code ==} (so −0 equals +0, the one difference skipping zero terms may make,
     * see {@link Network#blockMembers()}), and no NaN, which {@code ==} could not compare.
     */
    void assertSameValues(Stepper expected, String where) {
      assertValues(expected.out, out, "output, " + where);
      assertValues(expected.state.h(), state.h(), "h, " + where);
      assertValues(expected.state.c(), state.c(), "c, " + where);
    }

    void assertSameBits(Stepper expected, String where) {
      assertArrayEquals(bits(expected.out), bits(out), "output, " + where);
      assertArrayEquals(bits(expected.state.h()), bits(state.h()), "h, " + where);
      assertArrayEquals(bits(expected.state.c()), bits(state.c()), "c, " + where);
    }

    private static void assertValues(float[] expected, float[] actual, String what) {
      assertEquals(expected.length, actual.length, what + " length");
      for (int i = 0; i < expected.length; i++) {
        int index = i;
        assertTrue(
            expected[i] == actual[i],
            () ->
                what
                    + "["
                    + index
                    + "]: expected "
                    + expected[index]
                    + " but was "
                    + actual[index]);
      }
    }

    private static int[] bits(float[] values) {
      int[] bits = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        bits[i] = Float.floatToRawIntBits(values[i]);
      }
      return bits;
    }
  }
}
