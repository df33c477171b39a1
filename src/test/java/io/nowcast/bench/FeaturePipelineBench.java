package io.nowcast.bench;

import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureState;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of featurising one reading (the per-event work besides the network step) and of the state
 * round trip the forecaster does per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FeaturePipelineBench {

  /** The default spec, and one with every term. */
  @Param({"value", "value,dt,gap,calendar=hour+dow@Europe/Berlin,cov=a+b"})
  public String spec;

  private FeaturePipeline pipeline;
  private FeatureState state;
  private ByteBuffer buffer;
  private double[] covariates;
  private float[] x;
  private long time;
  private int i;

  @Setup
  public void setUp() {
    pipeline = FeaturePipeline.of(spec);
    state = pipeline.newState();
    buffer = ByteBuffer.allocate(state.sizeBytes());
    x = new float[pipeline.inputSize()];
    covariates = new double[state.covariates()];
    Arrays.fill(covariates, 1.5);
  }

  @Benchmark
  public float observe() {
    time += 60_000;
    i++;
    pipeline.observe(state, time, i & 63, covariates, x);
    return x[0];
  }

  @Benchmark
  public long writeAndReadState() {
    buffer.clear();
    state.writeTo(buffer);
    buffer.flip();
    state.readFrom(buffer);
    return state.count();
  }
}
