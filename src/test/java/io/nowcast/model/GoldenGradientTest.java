package io.nowcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.nn.Backprop;
import io.nowcast.nn.BatchState;
import io.nowcast.nn.Gradients;
import io.nowcast.nn.Network;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.ParameterLayout;
import io.nowcast.nn.SequenceBatch;
import io.nowcast.nn.optim.LossFunction;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Backpropagation through time against TensorFlow.js' autodiff: the golden files hold the MSE of
 * the head outputs over all steps and the gradient of every weight tensor (full BPTT from a zero
 * state, one chunk holding the whole sequence).
 */
class GoldenGradientTest {
  private static final double TOLERANCE = 1e-5;

  static final List<String> CASES = GoldenCase.NAMES;

  /** Squared error summed over targets; Backprop divides by the target count, giving tfjs' mean. */
  private static final LossFunction SQUARED_ERROR =
      (output, outOffset, targets, targetOffset, horizon, gradOut, gradOffset, weight) -> {
        double loss = 0;
        for (int k = 0; k < horizon; k++) {
          double error = (double) output[outOffset + k] - targets[targetOffset + k];
          loss += error * error;
          gradOut[gradOffset + k] += (float) (2 * error * weight);
        }
        return loss;
      };

  @ParameterizedTest
  @FieldSource("CASES")
  void lossAndGradientsMatchTensorFlowJs(String name) {
    GoldenCase golden = GoldenCase.load(name);
    ImportedNetwork imported =
        ModelImport.parse(golden.kerasJson(), ImportFormat.KERAS, OutputKind.POINT);
    Network network = new Network(imported.spec(), imported.parameters());
    float[][][] inputs = golden.inputs();
    int batch = inputs.length;
    int steps = inputs[0].length;
    SequenceBatch chunk =
        new SequenceBatch(
            steps,
            batch,
            golden.inputSize(),
            golden.horizon(),
            timeMajor(inputs),
            timeMajor(golden.targets()));
    Gradients gradients = new Gradients(imported.spec());

    double loss =
        new Backprop(imported.spec(), steps, batch)
            .forwardBackward(
                network, new BatchState(imported.spec(), batch), chunk, SQUARED_ERROR, gradients);

    assertEquals(golden.loss(), loss, TOLERANCE * (1 + golden.loss()), name + " loss");
    float[] expected =
        ModelImport.parse(golden.gradientsAsKerasJson(), ImportFormat.KERAS, OutputKind.POINT)
            .parameters();
    ParameterLayout layout = ParameterLayout.of(imported.spec());
    for (int i = 0; i < expected.length; i++) {
      float actual = gradients.values()[i];
      assertTrue(
          Math.abs(expected[i] - actual) <= TOLERANCE + TOLERANCE * Math.abs(expected[i]),
          name
              + " gradient "
              + ParameterNames.describe(layout, i)
              + ": expected "
              + expected[i]
              + " (tfjs), actual "
              + actual);
    }
  }

  /**
   * {@code [batch][step][width]} to the time-major rows of {@link SequenceBatch} (row t·batch + b).
   */
  private static float[] timeMajor(float[][][] values) {
    int batch = values.length;
    int steps = values[0].length;
    int width = values[0][0].length;
    float[] flat = new float[batch * steps * width];
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(values[b][t], 0, flat, (t * batch + b) * width, width);
      }
    }
    return flat;
  }
}
