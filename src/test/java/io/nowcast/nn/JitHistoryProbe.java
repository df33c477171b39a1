package io.nowcast.nn;

import com.sun.management.ThreadMXBean;
import io.nowcast.nn.kernel.Gemm;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.stream.LongStream;

/**
 * The child-JVM side of {@link StepAllocationTest}: gives a fresh JVM a chosen JIT history, then
 * prints, per workload, the bytes one call allocates once compiled ({@code ALLOC <name> <bytes>}).
 *
 * <p>The polluting history is the one that once made the vector step box vectors for ever: the test
 * suite's own nn tests (a small LSTM trained and stepped for thousands of steps, then stepping of
 * random odd shapes with hot scalar tails, then backprop), run here as plain method calls. Order
 * {@code polluted-first} measures after that history; {@code clean-first} measures first, pollutes,
 * and measures again, so code compiled in a clean JVM must also survive the recompilations the
 * history triggers.
 */
final class JitHistoryProbe {
  /** Calls per measured round of a step workload. */
  private static final int STEPS = 10_000;

  /** Calls per measured round of a GEMM workload. */
  private static final int GEMM_CALLS = 200;

  /** No compilation for this long while a workload still allocates counts as a settled failure. */
  private static final long SETTLED_NANOS = 3_000_000_000L;

  /** Hard cap per workload, only reached when the compiler never goes quiet (an overloaded box). */
  private static final long DEADLINE_NANOS = 90_000_000_000L;

  private JitHistoryProbe() {}

  public static void main(String[] args) {
    String order = args.length == 0 ? "" : args[0];
    switch (order) {
      case "polluted-first" -> {
        pollute();
        measureAll();
      }
      case "clean-first" -> {
        measureAll();
        pollute();
        measureAll();
      }
      default ->
          throw new IllegalArgumentException(
              "order: expected polluted-first or clean-first but got '" + order + "'");
    }
  }

  /**
   * The nn test classes that ran before StepAllocationTest in the failing Surefire run, in order.
   */
  static void pollute() {
    LearningTest learning = new LearningTest();
    learning.fitsANoisySineWellBelowPersistence();
    learning.sameSeedGivesTheSameParameters();
    StatefulSteppingTest stepping = new StatefulSteppingTest();
    LongStream.range(0, 60).forEach(stepping::oneChunkedAndSerialisedRunsAgree);
    BackpropTest backprop = new BackpropTest();
    backprop.aChunkWithoutTargetsHasZeroLossAddsNoGradientButStillAdvancesTheState();
    backprop.gradientsAccumulateUntilZeroed();
    oddGemmShapes();
  }

  /** GEMM calls of every odd size up to a few vectors, so the tails and small blocks are hot. */
  private static void oddGemmShapes() {
    SplittableRandom random = new SplittableRandom(3);
    float[] a = new float[80 * 80];
    float[] b = new float[80 * 80];
    float[] c = new float[80 * 80];
    for (int i = 0; i < 2_000; i++) {
      int m = 1 + random.nextInt(40);
      int n = 1 + random.nextInt(70);
      int k = 1 + random.nextInt(40);
      Gemm.nn(m, n, k, a, 0, k, b, 0, n, c, 0, n, true);
      Gemm.tn(m, n, k, a, 0, m, b, 0, n, c, 0, n, false);
      Gemm.nt(m, n, k, a, 0, k, b, 0, k, c, 0, n, true);
    }
  }

  static void measureAll() {
    measureStep(CellType.LSTM, VectorStepKernel.INSTANCE);
    measureStep(CellType.LSTM, ScalarStepKernel.INSTANCE);
    measureStep(CellType.GRU, VectorStepKernel.INSTANCE);
    measureStep(CellType.RNN, VectorStepKernel.INSTANCE);
    measureGemm();
  }

  private static void measureStep(CellType cell, StepKernel kernel) {
    NetworkSpec spec = NetworkSpec.of(cell, 8, new int[] {64, 64}, 4, OutputKind.PROBABILISTIC);
    Network network = Network.initialise(spec, 1);
    NetworkState state = network.newState();
    StepWorkspace workspace = network.newWorkspace();
    float[] x = {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, -0.8f};
    float[] out = new float[spec.outputSize()];
    String name = cell + "-" + kernel.getClass().getSimpleName();
    report(
        name,
        STEPS,
        calls -> {
          for (int i = 0; i < calls; i++) {
            network.step(kernel, state, x, workspace, out);
          }
        });
  }

  /** The batched LSTM H=64 training shapes (batch 32, gates 256), plus an odd tail of columns. */
  private static void measureGemm() {
    float[] a = new float[64 * 264];
    float[] b = new float[264 * 264];
    float[] c = new float[64 * 264];
    report(
        "GEMM-training-shapes",
        GEMM_CALLS,
        calls -> {
          for (int i = 0; i < calls; i++) {
            Gemm.nn(32, 256, 64, a, 0, 64, b, 0, 256, c, 0, 256, true);
            Gemm.tn(64, 256, 32, a, 0, 64, b, 0, 256, c, 0, 256, true);
            Gemm.nt(32, 64, 256, a, 0, 256, b, 0, 256, c, 0, 64, true);
            Gemm.nn(32, 263, 8, a, 0, 8, b, 0, 263, c, 0, 263, false);
          }
        });
  }

  /**
   * Runs {@code workload} in rounds until a round allocates nothing on this thread, or the JIT has
   * settled while it still allocates, or the hard deadline passes, then prints the bytes per call
   * of the last round.
   */
  private static void report(String name, int callsPerRound, IntConsumer workload) {
    System.out.println(
        "ALLOC " + name + " " + allocatedPerCallOnceSettled(callsPerRound, workload));
  }

  /**
   * Bytes one call of {@code workload} allocates on this thread once the JIT is done with it:
   * rounds of {@code callsPerRound} calls run until one allocates nothing, or until no compilation
   * has happened in the JVM for {@link #SETTLED_NANOS} while rounds still allocate (a failure that
   * then costs seconds, not the deadline), or until {@link #DEADLINE_NANOS}. Judging by the
   * compiler's activity instead of a short fixed deadline keeps the check honest on a loaded
   * machine, where compilations queue for a long time.
   */
  static long allocatedPerCallOnceSettled(int callsPerRound, IntConsumer workload) {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    long thread = Thread.currentThread().getId();
    long start = System.nanoTime();
    long lastCompilation = compiler.getTotalCompilationTime();
    long quietSince = start;
    long allocated;
    while (true) {
      long before = threads.getThreadAllocatedBytes(thread);
      workload.accept(callsPerRound);
      allocated = threads.getThreadAllocatedBytes(thread) - before;
      long now = System.nanoTime();
      long compilation = compiler.getTotalCompilationTime();
      if (compilation != lastCompilation) {
        lastCompilation = compilation;
        quietSince = now;
      }
      if (allocated == 0 || now - quietSince > SETTLED_NANOS || now - start > DEADLINE_NANOS) {
        return allocated / callsPerRound;
      }
    }
  }
}
