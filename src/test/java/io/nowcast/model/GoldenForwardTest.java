package io.nowcast.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkState;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.StepWorkspace;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Our importers and our network against TensorFlow.js, an independent implementation: each golden
 * file holds weights, inputs and tfjs' per-step head outputs and last-layer h (see
 * src/test/golden/README.md). Every sequence of a batch runs from a zero state.
 */
class GoldenForwardTest {
  /** float32 arithmetic in a different order than tfjs: allow 1e-5 absolute plus 1e-5 relative. */
  private static final double TOLERANCE = 1e-5;

  static final List<String> CASES = GoldenCase.NAMES;

  @ParameterizedTest
  @FieldSource("CASES")
  void kerasImportMatchesTensorFlowJs(String name) {
    GoldenCase golden = GoldenCase.load(name);
    ImportedNetwork imported =
        ModelImport.parse(golden.kerasJson(), ImportFormat.KERAS, OutputKind.POINT);

    assertMatchesGolden(golden, new Network(imported.spec(), imported.parameters()));
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void pytorchImportMatchesTensorFlowJs(String name) {
    GoldenCase golden = GoldenCase.load(name);
    ImportedNetwork imported =
        ModelImport.parse(golden.pytorchJson(), ImportFormat.PYTORCH, OutputKind.POINT);

    assertMatchesGolden(golden, new Network(imported.spec(), imported.parameters()));
  }

  private static void assertMatchesGolden(GoldenCase golden, Network network) {
    float[][][] inputs = golden.inputs();
    float[][][] outputs = golden.outputs();
    float[][][] hidden = golden.hidden();
    int lastHidden = network.spec().lastHiddenSize();
    StepWorkspace workspace = network.newWorkspace();
    float[] out = new float[network.spec().outputSize()];
    for (int b = 0; b < inputs.length; b++) {
      NetworkState state = network.newState();
      for (int t = 0; t < inputs[b].length; t++) {
        network.step(state, inputs[b][t], workspace, out);
        float[] h = state.h();
        String where = golden.name() + " sequence " + b + " step " + t;
        assertClose(outputs[b][t], out, where + " output");
        assertClose(
            hidden[b][t],
            Arrays.copyOfRange(h, h.length - lastHidden, h.length),
            where + " last-layer h");
      }
    }
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertTrue(
        expected.length == actual.length,
        what + ": expected " + expected.length + " values, actual " + actual.length);
    for (int i = 0; i < expected.length; i++) {
      double error = Math.abs(expected[i] - actual[i]);
      assertTrue(
          error <= TOLERANCE + TOLERANCE * Math.abs(expected[i]),
          what
              + "["
              + i
              + "]: expected "
              + expected[i]
              + " (tfjs), actual "
              + actual[i]
              + ", error "
              + error);
    }
  }
}
