package io.nowcast.bench;

import io.nowcast.nn.CellType;
import io.nowcast.nn.EnsembleMerge;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.NetworkState;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.StepWorkspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

/**
 * Microseconds per inference step (input 8, horizon 12). The path is chosen per fork: {@code
 * vector} runs with the incubator module, {@code scalar} with {@code -Dnowcast.vector=false}; run
 * the benchmark twice with {@code -p path=...} and the matching {@code -jvmArgsAppend} (see
 * docs/benchmarks.md), the parameter only labels the result and checks the JVM agrees.
 *
 * <p>{@code ensemble} and {@code form} measure a merged seed ensemble: {@code -p hidden=32 -p
 * layers=2 -p ensemble=1,3 -p form=dense,serving} gives one member, the merged LSTM 96 × 2 stepped
 * dense, and the same network stepped block by block through {@link Network#forServing}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class StepBenchmark {
  /** Cell of every layer. */
  @Param({"LSTM"})
  public CellType cell;

  /** Hidden units per layer. */
  @Param({"32", "64", "128"})
  public int hidden;

  /** Stacked layers. */
  @Param({"1", "2"})
  public int layers;

  /**
   * Members of {@code hidden} units merged by {@link EnsembleMerge} into one network; 1 is a single
   * network.
   */
  @Param({"1"})
  public int ensemble;

  /**
   * {@code dense}: the constructor's network; {@code serving}: {@link Network#forServing} (block
   * step for ensembles).
   */
  @Param({"dense"})
  public String form;

  /** Label of the arithmetic path this fork must be running: {@code vector} or {@code scalar}. */
  @Param({"vector"})
  public String path;

  private Network network;
  private NetworkState state;
  private StepWorkspace workspace;
  private final float[] x = {0.1f, -0.3f, 0.5f, 0.2f, -0.7f, 0.9f, 0.0f, 0.4f};
  private float[] out;

  @Setup
  public void setUp() {
    if (Network.vectorised() != "vector".equals(path)) {
      throw new IllegalStateException(
          "path="
              + path
              + " but the JVM runs the "
              + (Network.vectorised() ? "vector" : "scalar")
              + " path; pass -jvmArgsAppend -Dnowcast.vector=false for scalar");
    }
    int[] sizes = new int[layers];
    Arrays.fill(sizes, hidden);
    NetworkSpec member = NetworkSpec.of(cell, x.length, sizes, 12, OutputKind.POINT);
    List<float[]> members = new ArrayList<>();
    for (int m = 0; m < ensemble; m++) {
      members.add(Network.initialise(member, 1 + m).parameters());
    }
    NetworkSpec spec = EnsembleMerge.mergedSpec(member, ensemble);
    float[] parameters = EnsembleMerge.merge(member, members);
    network =
        switch (form) {
          case "dense" -> new Network(spec, parameters);
          case "serving" -> Network.forServing(spec, parameters);
          default ->
              throw new IllegalArgumentException("form: expected dense or serving, got " + form);
        };
    if ("serving".equals(form) && network.blockMembers() != ensemble) {
      throw new IllegalStateException(
          "form=serving found "
              + network.blockMembers()
              + " blocks in an ensemble of "
              + ensemble
              + " (would measure the wrong step)");
    }
    state = network.newState();
    workspace = network.newWorkspace();
    out = new float[spec.outputSize()];
  }

  @Benchmark
  public float step() {
    network.step(state, x, workspace, out);
    return out[0];
  }
}
