package io.nowcast.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Edge cases of the training API: chunks without targets, accumulation, shape errors. */
class BackpropTest {
  private final NetworkSpec spec =
      NetworkSpec.of(CellType.LSTM, 2, new int[] {3}, 2, OutputKind.POINT);
  private final Network network = Network.initialise(spec, 3);

  private SequenceBatch batchWithInputs() {
    SequenceBatch batch = new SequenceBatch(4, 2, 2, 2);
    for (int i = 0; i < batch.inputs().length; i++) {
      batch.inputs()[i] = i * 0.1f - 0.5f;
    }
    return batch;
  }

  @Test
  void aChunkWithoutTargetsHasZeroLossAddsNoGradientButStillAdvancesTheState() {
    Backprop backprop = new Backprop(spec, 4, 2);
    BatchState state = new BatchState(spec, 2);
    Gradients gradients = new Gradients(spec);
    double loss =
        backprop.forwardBackward(network, state, batchWithInputs(), new TestLoss(spec), gradients);
    assertEquals(0, loss);
    assertArrayEquals(new float[gradients.values().length], gradients.values());
    assertTrue(state.h(0)[0] != 0f, "the state moved on");
  }

  @Test
  void gradientsAccumulateUntilZeroed() {
    SequenceBatch batch = batchWithInputs();
    Arrays.fill(batch.targets(), 0.25f);
    Backprop backprop = new Backprop(spec, 4, 2);
    Gradients once = new Gradients(spec);
    backprop.forwardBackward(network, new BatchState(spec, 2), batch, new TestLoss(spec), once);
    Gradients twice = new Gradients(spec);
    backprop.forwardBackward(network, new BatchState(spec, 2), batch, new TestLoss(spec), twice);
    backprop.forwardBackward(network, new BatchState(spec, 2), batch, new TestLoss(spec), twice);
    for (int i = 0; i < once.values().length; i++) {
      assertEquals(2 * once.values()[i], twice.values()[i], 1e-7f, "parameter " + i);
    }
  }

  @Test
  void mismatchedShapesAreNamed() {
    Backprop backprop = new Backprop(spec, 4, 2);
    IllegalArgumentException batch =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                backprop.forward(
                    network, new BatchState(spec, 2), new SequenceBatch(5, 2, 2, 2), null));
    assertTrue(
        batch.getMessage().contains("sequence batch: expected steps 4")
            && batch.getMessage().contains("got 5"),
        batch.getMessage());
    IllegalArgumentException state =
        assertThrows(
            IllegalArgumentException.class,
            () -> backprop.forward(network, new BatchState(spec, 3), batchWithInputs(), null));
    assertTrue(state.getMessage().contains("batch state"), state.getMessage());
    IllegalArgumentException targets =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SequenceBatch(4, 2, 2, 2, new float[16], new float[15]));
    assertTrue(
        targets.getMessage().contains("targets: expected 16")
            && targets.getMessage().contains("got 15"),
        targets.getMessage());
  }
}
