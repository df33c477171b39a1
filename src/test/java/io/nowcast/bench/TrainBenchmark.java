package io.nowcast.bench;

import io.nowcast.nn.Backprop;
import io.nowcast.nn.BatchState;
import io.nowcast.nn.CellType;
import io.nowcast.nn.Gradients;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.SequenceBatch;
import io.nowcast.nn.WorkerTeam;
import io.nowcast.nn.optim.LossFunction;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training throughput of one stateful TBPTT chunk (forward + backward), LSTM H=64 × 2 layers, input
 * 8, horizon 12, chunk 32, on one thread by default ({@code -p threads=2} splits each chunk over a
 * {@link WorkerTeam} of two, with the same bits). The auxiliary counters report sequence-steps/s
 * and the effective GFLOP/s of the matrix products (forward 2·rows·(I+H)·4H per layer plus the
 * head, and backward ≈ 2× forward, so 3× the forward count in total).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class TrainBenchmark {
  private static final int HIDDEN = 64;
  private static final int INPUT = 8;
  private static final int HORIZON = 12;
  private static final int CHUNK = 32;

  /** Sequences per batch. */
  @Param({"32", "64"})
  public int batch;

  /** Workers a chunk is split over (1: the calling thread alone, no team). */
  @Param({"1"})
  public int threads;

  private WorkerTeam team;

  private Network network;
  private Backprop backprop;
  private BatchState state;
  private SequenceBatch sequences;
  private Gradients gradients;
  private final LossFunction squaredError = TrainBenchmark::squaredError;

  /** Work done per measured iteration, reported next to the chunk rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Work {
    /** Sequence steps (chunk × batch) processed. */
    public long sequenceSteps;

    /** Floating-point operations of the matrix products, in units of 10⁹ (rate = GFLOP/s). */
    public double gigaFlops;

    @Setup(Level.Iteration)
    public void clear() {
      sequenceSteps = 0;
      gigaFlops = 0;
    }
  }

  @Setup
  public void setUp() {
    NetworkSpec spec =
        NetworkSpec.of(CellType.LSTM, INPUT, new int[] {HIDDEN, HIDDEN}, HORIZON, OutputKind.POINT);
    network = Network.initialise(spec, 1);
    team = threads > 1 ? new WorkerTeam(threads, "train-benchmark") : null;
    backprop = new Backprop(spec, CHUNK, batch, team);
    backprop.useWorkers(threads);
    state = new BatchState(spec, batch);
    sequences = new SequenceBatch(CHUNK, batch, INPUT, HORIZON);
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < sequences.inputs().length; i++) {
      sequences.inputs()[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < sequences.targets().length; i++) {
      sequences.targets()[i] = (float) random.nextGaussian();
    }
    gradients = new Gradients(spec);
  }

  @TearDown
  public void tearDown() {
    if (team != null) {
      team.close();
    }
  }

  /** 3 × forward FLOPs (2 per multiply-add) of all matrix products of one chunk. */
  static double flopsPerChunk(int batch) {
    double rows = (double) CHUNK * batch;
    double layer0 = 2 * rows * (INPUT + HIDDEN) * 4 * HIDDEN;
    double layer1 = 2 * rows * (HIDDEN + HIDDEN) * 4 * HIDDEN;
    double head = 2 * rows * HIDDEN * HORIZON;
    return 3 * (layer0 + layer1 + head);
  }

  @Benchmark
  public double chunk(Work work) {
    gradients.zero();
    double loss = backprop.forwardBackward(network, state, sequences, squaredError, gradients);
    work.sequenceSteps += (long) CHUNK * batch;
    work.gigaFlops += flopsPerChunk(batch) / 1e9;
    return loss;
  }

  private static double squaredError(
      float[] output,
      int outOffset,
      float[] targets,
      int targetOffset,
      int horizon,
      float[] gradOut,
      int gradOffset,
      float weight) {
    double loss = 0;
    for (int k = 0; k < horizon; k++) {
      float error = output[outOffset + k] - targets[targetOffset + k];
      loss += 0.5 * error * error;
      gradOut[gradOffset + k] += weight * error;
    }
    return loss;
  }
}
