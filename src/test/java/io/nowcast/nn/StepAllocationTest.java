package io.nowcast.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A step allocates nothing once compiled: bytes allocated by this thread over 10k steps, measured
 * repeatedly until the JIT has finished (or a deadline passes), must reach exactly 0. It runs after
 * other nn tests in the same JVM, whose odd shapes pollute the profiles: that history is what once
 * left the vector tanh boxing 1.5 KB per step for ever (see VectorStepKernel). A healthy JIT gets
 * to 0 within a few seconds, so the deadline only bounds the cost of a failure.
 */
class StepAllocationTest {
  private static final int STEPS = 10_000;
  private static final long DEADLINE_NANOS = 20_000_000_000L;

  static List<Object[]> cases() {
    return List.of(
        new Object[] {CellType.LSTM, VectorStepKernel.INSTANCE},
        new Object[] {CellType.LSTM, ScalarStepKernel.INSTANCE},
        new Object[] {CellType.GRU, VectorStepKernel.INSTANCE},
        new Object[] {CellType.RNN, VectorStepKernel.INSTANCE});
  }

  @ParameterizedTest
  @MethodSource("cases")
  void stepAllocatesNothingAfterWarmUp(CellType cell, StepKernel kernel) {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    NetworkSpec spec = NetworkSpec.of(cell, 8, new int[] {64, 64}, 4, OutputKind.PROBABILISTIC);
    Network network = Network.initialise(spec, 1);
    NetworkState state = network.newState();
    StepWorkspace workspace = network.newWorkspace();
    float[] x = {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, -0.8f};
    float[] out = new float[spec.outputSize()];
    long thread = Thread.currentThread().getId();
    long start = System.nanoTime();
    long allocated;
    do {
      long before = threads.getThreadAllocatedBytes(thread);
      for (int i = 0; i < STEPS; i++) {
        network.step(kernel, state, x, workspace, out);
      }
      allocated = threads.getThreadAllocatedBytes(thread) - before;
    } while (allocated != 0 && System.nanoTime() - start < DEADLINE_NANOS);
    assertEquals(0, allocated, "bytes allocated by " + STEPS + " steps of " + spec);
  }
}
