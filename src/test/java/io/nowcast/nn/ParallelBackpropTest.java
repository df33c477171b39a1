package io.nowcast.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nowcast.nn.optim.LossFunction;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data-parallel chunks compute the same bits whatever the number of workers, and the same bits as
 * the single-threaded {@link Backprop} did before it was parallel: the checksums below were taken
 * from that implementation (commit aee1772) over two chunks of loss, gradients, end states and a
 * last forward pass. A batch of 5 lanes splits unevenly over 2, 3 and 4 workers.
 */
class ParallelBackpropTest {
  private static final int STEPS = 7;
  private static final int BATCH = 5;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            NetworkSpec.of(CellType.LSTM, 3, new int[] {6, 5}, 4, OutputKind.POINT), 139172741L),
        Arguments.of(
            NetworkSpec.of(CellType.GRU, 3, new int[] {6, 5}, 4, OutputKind.POINT), 912729038L),
        Arguments.of(
            new NetworkSpec(CellType.RNN, Activation.RELU, 3, new int[] {7}, 4, OutputKind.POINT),
            165349196L),
        Arguments.of(
            NetworkSpec.of(CellType.LSTM, 3, new int[] {20, 17}, 4, OutputKind.PROBABILISTIC),
            4065828697L));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void everyWorkerCountGivesTheBitsOfTheSingleThreadedImplementation(
      NetworkSpec spec, long before) {
    try (WorkerTeam team = new WorkerTeam(4, "parallel-backprop-test")) {
      for (int workers = 1; workers <= 4; workers++) {
        assertEquals(before, checksum(spec, team, workers), workers + " workers");
      }
    }
  }

  @Test
  void workersAreCappedByTheTeamAndTheBatch() {
    NetworkSpec spec = NetworkSpec.of(CellType.LSTM, 3, new int[] {4}, 2, OutputKind.POINT);
    try (WorkerTeam team = new WorkerTeam(3, "parallel-backprop-test")) {
      Backprop backprop = new Backprop(spec, STEPS, 2, team);
      backprop.useWorkers(8);
      assertEquals(2, backprop.workers(), "no more workers than lanes");
      Backprop wide = new Backprop(spec, STEPS, BATCH, team);
      wide.useWorkers(8);
      assertEquals(3, wide.workers(), "no more workers than the team has");
      Backprop alone = new Backprop(spec, STEPS, BATCH);
      alone.useWorkers(8);
      assertEquals(1, alone.workers(), "no team, the calling thread only");
    }
  }

  @Test
  void theGradientIsTheSumOfTheLanesGradientsWithinFloatTolerance() {
    NetworkSpec spec = NetworkSpec.of(CellType.LSTM, 3, new int[] {6, 5}, 4, OutputKind.POINT);
    Network network = Network.initialise(spec, 9);
    SequenceBatch batch = batch(spec, new SplittableRandom(3));
    Gradients whole = new Gradients(spec);
    try (WorkerTeam team = new WorkerTeam(2, "parallel-backprop-test")) {
      Backprop backprop = new Backprop(spec, STEPS, BATCH, team);
      backprop.useWorkers(2);
      backprop.forwardBackward(
          network, new BatchState(spec, BATCH), batch, fixedWeight(spec, batch), whole);
    }
    float[] summed = new float[whole.values().length];
    for (int lane = 0; lane < BATCH; lane++) {
      Gradients one = new Gradients(spec);
      new Backprop(spec, STEPS, 1)
          .forwardBackward(
              network, new BatchState(spec, 1), lane(batch, lane), fixedWeight(spec, batch), one);
      for (int i = 0; i < summed.length; i++) {
        summed[i] += one.values()[i];
      }
    }
    assertArrayEquals(summed, whole.values(), 1e-5f);
  }

  /** A loss whose weight is that of the whole batch, so lane gradients add up to the batch's. */
  private static LossFunction fixedWeight(NetworkSpec spec, SequenceBatch whole) {
    int targets = 0;
    for (float target : whole.targets()) {
      targets += Float.isNaN(target) ? 0 : 1;
    }
    float batchWeight = 1f / targets;
    TestLoss loss = new TestLoss(spec);
    return (output, outOffset, targetValues, targetOffset, horizon, gradOut, gradOffset, weight) ->
        loss.accumulate(
            output,
            outOffset,
            targetValues,
            targetOffset,
            horizon,
            gradOut,
            gradOffset,
            batchWeight);
  }

  private static SequenceBatch lane(SequenceBatch batch, int lane) {
    SequenceBatch one = new SequenceBatch(STEPS, 1, batch.inputSize(), batch.horizon());
    for (int t = 0; t < STEPS; t++) {
      System.arraycopy(
          batch.inputs(),
          batch.inputOffset(t, lane),
          one.inputs(),
          one.inputOffset(t, 0),
          batch.inputSize());
      System.arraycopy(
          batch.targets(),
          batch.targetOffset(t, lane),
          one.targets(),
          one.targetOffset(t, 0),
          batch.horizon());
    }
    return one;
  }

  private static SequenceBatch batch(NetworkSpec spec, SplittableRandom random) {
    SequenceBatch batch = new SequenceBatch(STEPS, BATCH, spec.inputSize(), spec.horizon());
    for (int i = 0; i < batch.inputs().length; i++) {
      batch.inputs()[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < batch.targets().length; i++) {
      batch.targets()[i] = random.nextInt(5) == 0 ? Float.NaN : (float) random.nextGaussian();
    }
    return batch;
  }

  private static long checksum(NetworkSpec spec, WorkerTeam team, int workers) {
    SplittableRandom random = new SplittableRandom(17);
    Network network = Network.initialise(spec, 9);
    SequenceBatch batch = batch(spec, random);
    BatchState state = new BatchState(spec, BATCH);
    for (int l = 0; l < spec.layers(); l++) {
      for (int i = 0; i < state.h(l).length; i++) {
        state.h(l)[i] = (float) (0.3 * random.nextGaussian());
      }
      for (int i = 0; i < state.c(l).length; i++) {
        state.c(l)[i] = (float) (0.3 * random.nextGaussian());
      }
    }
    Backprop backprop = new Backprop(spec, STEPS, BATCH, team);
    backprop.useWorkers(workers);
    Gradients gradients = new Gradients(spec);
    CRC32 crc = new CRC32();
    for (int round = 0; round < 2; round++) {
      double loss = backprop.forwardBackward(network, state, batch, new TestLoss(spec), gradients);
      crc.update(ByteBuffer.allocate(8).putDouble(loss).array());
      update(crc, gradients.values());
      for (int l = 0; l < spec.layers(); l++) {
        update(crc, state.h(l));
        update(crc, state.c(l));
      }
    }
    float[] out = new float[STEPS * BATCH * spec.outputSize()];
    backprop.forward(network, state, batch, out);
    update(crc, out);
    return crc.getValue();
  }

  private static void update(CRC32 crc, float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4);
    for (float value : values) {
      bytes.putInt(Float.floatToRawIntBits(value));
    }
    crc.update(bytes.array());
  }
}
