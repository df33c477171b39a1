package io.nowcast.features;

import java.util.SplittableRandom;

/**
 * A fixed, irregular workload through a pipeline with every term, reduced to a hash of the exact
 * bits it produced. {@link FeaturePipelineDeterminismTest} runs it in-process (warm, JIT-compiled)
 * and in a fresh interpreter-only JVM; the hashes must be equal.
 */
public final class DeterminismWorkload {

  static final String SPEC = "value,norm=ew(50),dt,gap,calendar=hour+dow@Europe/Berlin,cov=a+b";

  private DeterminismWorkload() {}

  /** Prints the hash of one run. */
  public static void main(String[] args) {
    System.out.println(hash());
  }

  static long hash() {
    FeaturePipeline pipeline = FeaturePipeline.of(SPEC);
    FeatureState state = pipeline.newState();
    SplittableRandom random = new SplittableRandom(2026);
    float[] x = new float[pipeline.inputSize()];
    long time = 1_700_000_000_000L;
    long hash = 17;
    for (int i = 0; i < 5_000; i++) {
      time += random.nextInt(5) == 0 ? random.nextLong(0, 3_600_000) : 600_000;
      double[] covariates = {
        random.nextDouble(-5, 5), random.nextInt(4) == 0 ? Double.NaN : random.nextGaussian()
      };
      pipeline.observe(
          state, time, 100 + 10 * StrictMath.sin(i / 20.0) + random.nextGaussian(), covariates, x);
      for (float v : x) {
        hash = 31 * hash + Float.floatToRawIntBits(v);
      }
      hash = 31 * hash + Double.doubleToRawLongBits(pipeline.denormalise(state, 0.25));
      hash = 31 * hash + Double.doubleToRawLongBits(pipeline.denormaliseScale(state, 1.5));
      hash = 31 * hash + pipeline.expectedTimestamp(state, 3);
    }
    return hash;
  }
}
