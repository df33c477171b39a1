package io.nowcast.bench;

import io.nowcast.nn.kernel.Gemm;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Single-thread {@link Gemm} throughput at the shapes of batched LSTM training (H = 64, gates 4H =
 * 256, batch 32/64, input 8/64, head K = 200).
 *
 * <p>A shape is {@code op:m:n:k}. JMH samples the time of individual calls; {@link #main} runs the
 * benchmark twice (Vector API, then {@code -Dnowcast.vector=false}) and prints GFLOP/s = 2·m·n·k /
 * (ns per call) for the median and the mean call. The median is the headline figure: on a shared
 * machine the mean mostly measures how often other processes took the core away.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx1g"})
public class GemmBenchmark {

  /** Shapes: forward X·W and H·U, weight gradients Xᵀ·dZ, input gradients dZ·Wᵀ, and the head. */
  @Param({
    "nn:64:256:64", "nn:32:256:64", "nn:64:256:8",
    "tn:64:256:64", "tn:64:256:32", "tn:8:256:64",
    "nt:64:64:256", "nt:32:64:256", "nt:64:8:256",
    "nn:64:200:64", "tn:64:200:64", "nt:64:64:200"
  })
  public String shape;

  /** The Gemm entry point a shape names. */
  enum Op {
    NN,
    TN,
    NT
  }

  private Op op;
  private int m;
  private int n;
  private int k;
  private float[] a;
  private float[] b;
  private float[] c;

  @Setup
  public void setUp() {
    String[] parts = shape.split(":");
    op = Op.valueOf(parts[0].toUpperCase(Locale.ROOT));
    m = Integer.parseInt(parts[1]);
    n = Integer.parseInt(parts[2]);
    k = Integer.parseInt(parts[3]);
    SplittableRandom random = new SplittableRandom(42);
    a = randomArray(random, m * k);
    b = randomArray(random, k * n);
    c = new float[m * n];
  }

  private static float[] randomArray(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return values;
  }

  @Benchmark
  public float[] gemm() {
    // A is m×k for nn/nt and k×m for tn; B is k×n for nn/tn and n×k for nt (same element count).
    switch (op) {
      case TN:
        Gemm.tn(m, n, k, a, 0, m, b, 0, n, c, 0, n, false);
        break;
      case NT:
        Gemm.nt(m, n, k, a, 0, k, b, 0, k, c, 0, n, false);
        break;
      default:
        Gemm.nn(m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
    }
    return c;
  }

  /** Runs both paths and prints a GFLOP/s table; JMH command-line options are honoured. */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    CommandLineOptions cli = new CommandLineOptions(args);
    List<String> rows = new ArrayList<>();
    for (String path : new String[] {"vector", "scalar"}) {
      ChainedOptionsBuilder options =
          new OptionsBuilder().parent(cli).include(GemmBenchmark.class.getSimpleName());
      if ("scalar".equals(path)) {
        options.jvmArgsAppend(
            "--add-modules=jdk.incubator.vector", "-Xmx1g", "-Dnowcast.vector=false");
      }
      Collection<RunResult> results = new Runner(options.build()).run();
      for (RunResult result : results) {
        rows.add(gflopsRow(path, result));
      }
    }
    System.out.println();
    System.out.println(
        "| path | shape op:m:n:k | median ns/call | GFLOP/s (median) | GFLOP/s (mean) |");
    System.out.println("|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  private static String gflopsRow(String path, RunResult result) {
    String shape = result.getParams().getParam("shape");
    String[] parts = shape.split(":");
    double flops =
        2.0 * Long.parseLong(parts[1]) * Long.parseLong(parts[2]) * Long.parseLong(parts[3]);
    double median = result.getPrimaryResult().getStatistics().getPercentile(50);
    double mean = result.getPrimaryResult().getScore();
    return String.format(
        "| %s | %s | %.0f | %.1f | %.1f |", path, shape, median, flops / median, flops / mean);
  }
}
