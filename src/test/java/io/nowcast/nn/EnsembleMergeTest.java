package io.nowcast.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The merged network's output is the members' mean; split undoes merge; bad arguments are named.
 */
class EnsembleMergeTest {

  private static final int STEPS = 50;

  static Stream<Arguments> ensembles() {
    List<Arguments> cases = new ArrayList<>();
    for (CellType cell : CellType.values()) {
      for (OutputKind output : OutputKind.values()) {
        NetworkSpec spec = NetworkSpec.of(cell, 3, new int[] {7, 5}, 4, output);
        cases.add(Arguments.of(spec, 3));
        cases.add(Arguments.of(spec, 2));
      }
    }
    cases.add(
        Arguments.of(
            new NetworkSpec(
                CellType.RNN, Activation.RELU, 2, new int[] {6, 9}, 3, OutputKind.POINT),
            3));
    cases.add(
        Arguments.of(NetworkSpec.of(CellType.LSTM, 2, new int[] {4}, 2, OutputKind.POINT), 1));
    return cases.stream();
  }

  /** Random parameters (not Glorot: every bias non-zero, so misplaced biases show up). */
  private static float[] randomParameters(NetworkSpec spec, SplittableRandom random) {
    float[] parameters = new float[ParameterLayout.of(spec).size()];
    for (int i = 0; i < parameters.length; i++) {
      parameters[i] = (float) (random.nextDouble() - 0.5);
    }
    return parameters;
  }

  private static List<float[]> randomMembers(NetworkSpec spec, int members, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<float[]> parameters = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      parameters.add(randomParameters(spec, random));
    }
    return parameters;
  }

  @ParameterizedTest
  @MethodSource("ensembles")
  void mergedNetworkForecastsTheMembersMeanAtEveryStep(NetworkSpec spec, int members) {
    List<float[]> memberParameters = randomMembers(spec, members, 11);
    Network merged =
        new Network(
            EnsembleMerge.mergedSpec(spec, members), EnsembleMerge.merge(spec, memberParameters));
    List<Stepper> steppers = new ArrayList<>();
    for (float[] parameters : memberParameters) {
      steppers.add(new Stepper(new Network(spec, parameters)));
    }
    Stepper mergedStepper = new Stepper(merged);
    SplittableRandom inputs = new SplittableRandom(5);
    for (int t = 0; t < STEPS; t++) {
      float[] x = new float[spec.inputSize()];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (4 * inputs.nextDouble() - 2);
      }
      float[] mean = new float[spec.outputSize()];
      for (Stepper member : steppers) {
        float[] out = member.step(x);
        for (int k = 0; k < mean.length; k++) {
          mean[k] += out[k] / members;
        }
      }
      assertArrayEquals(mean, mergedStepper.step(x), 1e-5f, "output at step " + t);
    }
  }

  @ParameterizedTest
  @MethodSource("ensembles")
  void splitGivesBackTheMembersWithTheirMeanHeadBias(NetworkSpec spec, int members) {
    List<float[]> memberParameters = randomMembers(spec, members, 3);
    List<float[]> split =
        EnsembleMerge.split(spec, members, EnsembleMerge.merge(spec, memberParameters));

    ParameterLayout layout = ParameterLayout.of(spec);
    int headKernelEnd = layout.headKernelOffset() + layout.headKernelLength();
    assertEquals(members, split.size());
    for (int m = 0; m < members; m++) {
      float[] original = memberParameters.get(m);
      float[] back = split.get(m);
      for (int i = 0; i < layout.headKernelOffset(); i++) {
        assertEquals(original[i], back[i], "member " + m + " parameter " + i);
      }
      // w / M * M rounds when M is not a power of two: one ulp at most.
      for (int i = layout.headKernelOffset(); i < headKernelEnd; i++) {
        assertEquals(
            original[i], back[i], Math.ulp(original[i]), "member " + m + " head kernel " + i);
      }
      for (int k = 0; k < layout.headBiasLength(); k++) {
        double mean = 0;
        for (float[] parameters : memberParameters) {
          mean += parameters[layout.headBiasOffset() + k] / (double) members;
        }
        assertEquals(
            (float) mean,
            back[layout.headBiasOffset() + k],
            1e-7f,
            "member " + m + " head bias " + k);
      }
    }
  }

  @Test
  void splitOfMergeIsExactForEqualHeadBiasesAndPowerOfTwoMembers() {
    NetworkSpec spec =
        NetworkSpec.of(CellType.GRU, 3, new int[] {6, 4}, 5, OutputKind.PROBABILISTIC);
    ParameterLayout layout = ParameterLayout.of(spec);
    for (int members : new int[] {1, 2, 4}) {
      List<float[]> memberParameters = randomMembers(spec, members, members);
      float[] sharedBias =
          Arrays.copyOfRange(memberParameters.get(0), layout.headBiasOffset(), layout.size());
      for (float[] parameters : memberParameters) {
        System.arraycopy(sharedBias, 0, parameters, layout.headBiasOffset(), sharedBias.length);
      }

      List<float[]> split =
          EnsembleMerge.split(spec, members, EnsembleMerge.merge(spec, memberParameters));

      for (int m = 0; m < members; m++) {
        assertArrayEquals(memberParameters.get(m), split.get(m), members + " members, member " + m);
      }
    }
  }

  @Test
  void mergedSpecMultipliesEveryLayerAndKeepsTheRest() {
    NetworkSpec member =
        new NetworkSpec(
            CellType.RNN, Activation.RELU, 3, new int[] {7, 5}, 4, OutputKind.PROBABILISTIC);

    NetworkSpec merged = EnsembleMerge.mergedSpec(member, 3);

    assertEquals(
        new NetworkSpec(
            CellType.RNN, Activation.RELU, 3, new int[] {21, 15}, 4, OutputKind.PROBABILISTIC),
        merged);
    assertEquals(member, EnsembleMerge.memberSpec(merged, 3));
  }

  @Test
  void mergedLayersAreBlockDiagonal() {
    NetworkSpec spec = NetworkSpec.of(CellType.LSTM, 2, new int[] {3, 2}, 1, OutputKind.POINT);
    NetworkSpec mergedSpec = EnsembleMerge.mergedSpec(spec, 2);
    ParameterLayout layout = ParameterLayout.of(mergedSpec);
    float[] merged = EnsembleMerge.merge(spec, randomMembers(spec, 2, 9));
    int width = layout.gateWidth(1);
    int unitsPerMember = spec.hiddenSize(1);
    // Layer 1's kernel: member 0's rows (0..2) must not reach member 1's columns, and vice versa.
    for (int row = 0; row < mergedSpec.layerInputSize(1); row++) {
      int rowMember = row / spec.hiddenSize(0);
      for (int column = 0; column < width; column++) {
        int columnMember = (column % mergedSpec.hiddenSize(1)) / unitsPerMember;
        float value = merged[layout.kernelOffset(1) + row * width + column];
        if (rowMember != columnMember) {
          assertEquals(0f, value, "row " + row + " column " + column);
        } else {
          assertTrue(value != 0f, "row " + row + " column " + column);
        }
      }
    }
  }

  @Test
  void badArgumentsFailNamingTheArgument() {
    NetworkSpec spec = NetworkSpec.of(CellType.LSTM, 2, new int[] {3}, 1, OutputKind.POINT);
    int size = ParameterLayout.of(spec).size();

    assertMessageContains("memberParameters", () -> EnsembleMerge.merge(spec, List.of()));
    assertMessageContains(
        "memberParameters[1]: expected " + size,
        () -> EnsembleMerge.merge(spec, List.of(new float[size], new float[size + 1])));
    assertMessageContains(
        "members: expected at least 1, got 0", () -> EnsembleMerge.mergedSpec(spec, 0));
    assertMessageContains(
        "members: expected at least 1, got -1",
        () -> EnsembleMerge.split(spec, -1, new float[size]));
    assertMessageContains(
        "merged: expected " + ParameterLayout.of(EnsembleMerge.mergedSpec(spec, 2)).size(),
        () -> EnsembleMerge.split(spec, 2, new float[size]));
    assertMessageContains(
        "merged: layer 0 has 3 units, expected a multiple of 2",
        () -> EnsembleMerge.memberSpec(spec, 2));
  }

  private static void assertMessageContains(String expected, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  /** One network with its own state, stepped over the shared inputs. */
  private static final class Stepper {
    private final Network network;
    private final NetworkState state;
    private final StepWorkspace workspace;
    private final float[] out;

    Stepper(Network network) {
      this.network = network;
      this.state = network.newState();
      this.workspace = network.newWorkspace();
      this.out = new float[network.spec().outputSize()];
    }

    float[] step(float[] x) {
      network.step(state, x, workspace, out);
      return out.clone();
    }
  }
}
