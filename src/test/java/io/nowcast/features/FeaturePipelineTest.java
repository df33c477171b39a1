package io.nowcast.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeaturePipelineTest {

  private static final long MINUTE = 60_000L;
  private static final long T0 = Instant.parse("2024-03-04T00:00:00Z").toEpochMilli();

  private static double[] randomWalk(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[n];
    double level = 50;
    for (int i = 0; i < n; i++) {
      level += random.nextDouble(-1, 1);
      values[i] = level;
    }
    return values;
  }

  @Test
  void normalisedValueEqualsZScoreOverAllReadingsSoFar() {
    // A huge half-life makes the EW statistics the plain mean and population variance.
    FeaturePipeline pipeline = FeaturePipeline.of("value,norm=ew(1e12)");
    FeatureState state = pipeline.newState();
    double[] values = randomWalk(200, 1);
    float[] x = new float[1];
    for (int t = 0; t < values.length; t++) {
      pipeline.observe(state, T0 + t * MINUTE, values[t], Map.of(), x);
      double expected = t == 0 ? 0 : directZScore(values, t, uniformWeights(t + 1));
      assertEquals(expected, x[0], 1e-4 * Math.max(1, Math.abs(expected)), "reading " + t);
    }
  }

  @Test
  void exponentialWeightingMatchesTheDirectWeightedStatistics() {
    double halfLife = 5;
    FeaturePipeline pipeline = FeaturePipeline.of("value,norm=ew(" + halfLife + ")");
    FeatureState state = pipeline.newState();
    double[] values = randomWalk(60, 2);
    float[] x = new float[1];
    for (int t = 0; t < values.length; t++) {
      pipeline.observe(state, T0 + t * MINUTE, values[t], Map.of(), x);
      if (t > 0) {
        double expected = directZScore(values, t, ewWeights(t + 1, halfLife));
        assertEquals(expected, x[0], 1e-4 * Math.max(1, Math.abs(expected)), "reading " + t);
      }
    }
  }

  private static double[] uniformWeights(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0 / n);
    return w;
  }

  /** Weight of reading k after n readings when reading j enters with weight max(α, 1/j). */
  private static double[] ewWeights(int n, double halfLife) {
    double alpha = 1 - Math.pow(2, -1 / halfLife);
    double[] w = new double[n];
    for (int k = 0; k < n; k++) {
      w[k] = Math.max(alpha, 1.0 / (k + 1));
      for (int j = k + 1; j < n; j++) {
        w[k] *= 1 - Math.max(alpha, 1.0 / (j + 1));
      }
    }
    return w;
  }

  /**
   * z-score of values[t] under the weighted mean/variance of values[0..t] (causal: nothing later).
   */
  private static double directZScore(double[] values, int t, double[] weights) {
    double mean = 0;
    for (int k = 0; k <= t; k++) {
      mean += weights[k] * values[k];
    }
    double variance = 0;
    for (int k = 0; k <= t; k++) {
      variance += weights[k] * (values[k] - mean) * (values[k] - mean);
    }
    return (values[t] - mean) / Math.sqrt(variance);
  }

  @Test
  void inputsDoNotDependOnFutureReadings() {
    FeaturePipeline pipeline = FeaturePipeline.of("value,norm=ew(10),dt,gap,cov=c");
    double[] past = randomWalk(50, 3);
    float[][] a = run(pipeline, concat(past, randomWalk(20, 4)));
    float[][] b = run(pipeline, concat(past, randomWalk(20, 5)));

    for (int t = 0; t < past.length; t++) {
      assertArrayEquals(a[t], b[t], "reading " + t);
    }
    assertFalse(
        Arrays.equals(a[past.length], b[past.length]), "the futures differ, so must their inputs");
  }

  private static double[] concat(double[] a, double[] b) {
    double[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static float[][] run(FeaturePipeline pipeline, double[] values) {
    FeatureState state = pipeline.newState();
    float[][] inputs = new float[values.length][pipeline.inputSize()];
    for (int t = 0; t < values.length; t++) {
      pipeline.observe(state, T0 + t * MINUTE, values[t], new double[] {values[t] * 2}, inputs[t]);
    }
    return inputs;
  }

  @Test
  void deltaTimeAndGapFlagFollowTheTypicalInterval() {
    FeaturePipeline pipeline = FeaturePipeline.of("value,dt,gap");
    FeatureState state = pipeline.newState();
    float[] x = new float[3];
    long t = T0;
    pipeline.observe(state, t, 1, Map.of(), x);
    assertArrayEquals(new float[] {0, 0, 0}, x, "first reading: no Δt yet");
    for (int i = 0; i < 10; i++) {
      t += MINUTE;
      pipeline.observe(state, t, 1, Map.of(), x);
    }
    assertEquals(0, x[1], 1e-7, "Δt at the typical interval");
    assertEquals(0, x[2], "no gap");
    assertEquals(MINUTE, state.typicalIntervalMillis(), 1e-9);
    assertEquals(t + 3 * MINUTE, pipeline.expectedTimestamp(state, 3));

    t += 5 * MINUTE;
    pipeline.observe(state, t, 1, Map.of(), x);
    assertEquals(StrictMath.log1p(5) - StrictMath.log(2), x[1], 1e-6, "Δt of five intervals");
    assertEquals(1, x[2], "a five-interval gap sets the flag");

    double typicalBefore = state.typicalIntervalMillis();
    pipeline.observe(state, t, 1, Map.of(), x);
    assertEquals(-StrictMath.log(2), x[1], 1e-6, "a duplicate timestamp gives a finite Δt input");
    assertEquals(0, x[2]);
    assertEquals(
        typicalBefore,
        state.typicalIntervalMillis(),
        "duplicates do not shrink the typical interval");
  }

  @Test
  void irregularSeriesNeverProducesNonFiniteInputs() {
    FeaturePipeline pipeline = FeaturePipeline.of("value,dt,gap,calendar=hour+dow,cov=a");
    FeatureState state = pipeline.newState();
    SplittableRandom random = new SplittableRandom(6);
    float[] x = new float[pipeline.inputSize()];
    long t = T0;
    for (int i = 0; i < 2000; i++) {
      t += random.nextInt(4) == 0 ? 0 : random.nextLong(1, 10 * MINUTE);
      double covariate = random.nextInt(3) == 0 ? Double.NaN : random.nextDouble();
      pipeline.observe(
          state, t, i % 7 == 0 ? 3.0 : random.nextGaussian(), new double[] {covariate}, x);
      for (float v : x) {
        assertTrue(Float.isFinite(v), () -> "non-finite input " + Arrays.toString(x));
      }
    }
  }

  @Test
  void constantSeriesGivesZeroInputsAndFiniteTargets() {
    FeaturePipeline pipeline = FeaturePipeline.of("value");
    FeatureState state = pipeline.newState();
    float[] x = new float[1];
    for (int i = 0; i < 20; i++) {
      pipeline.observe(state, T0 + i * MINUTE, 20.0, Map.of(), x);
      assertEquals(0f, x[0]);
    }
    double target = pipeline.normaliseTarget(state, 20.1);
    assertEquals(
        0.1 / (20.0 * FeaturePipeline.STD_FLOOR_RELATIVE),
        target,
        1e-9,
        "std floored at 1e-3·|mean|");
  }

  @Test
  void calendarTermsAtKnownUtcInstants() {
    FeaturePipeline pipeline = FeaturePipeline.of("value,calendar=hour+dow");
    float[] x = new float[5];
    // Monday 06:00 UTC: a quarter of the day, first day of the ISO week.
    pipeline.observe(
        pipeline.newState(), Instant.parse("2024-01-01T06:00:00Z").toEpochMilli(), 1, Map.of(), x);
    assertArrayEquals(new float[] {0, 1, 0, 0, 1}, x, 1e-7f);
    // Sunday 18:00 UTC: three quarters of the day, day index 6.
    pipeline.observe(
        pipeline.newState(), Instant.parse("2024-01-07T18:00:00Z").toEpochMilli(), 1, Map.of(), x);
    double sunday = 2 * Math.PI * 6 / 7;
    assertArrayEquals(
        new float[] {0, -1, 0, (float) Math.sin(sunday), (float) Math.cos(sunday)}, x, 1e-7f);
  }

  @Test
  void calendarTermsUseTheZonesWallClockIncludingSummerTime() {
    FeaturePipeline berlin = FeaturePipeline.of("value,calendar=hour+dow@Europe/Berlin");
    float[] x = new float[5];
    // Monday 22:00 UTC in July is Tuesday 00:00 in Berlin (CEST, +2).
    berlin.observe(
        berlin.newState(), Instant.parse("2024-07-01T22:00:00Z").toEpochMilli(), 1, Map.of(), x);
    double tuesday = 2 * Math.PI / 7;
    assertArrayEquals(
        new float[] {0, 0, 1, (float) Math.sin(tuesday), (float) Math.cos(tuesday)}, x, 1e-7f);
    // In January (CET, +1) 05:00 UTC is 06:00 local.
    berlin.observe(
        berlin.newState(), Instant.parse("2024-01-01T05:00:00Z").toEpochMilli(), 1, Map.of(), x);
    assertEquals(1f, x[1], 1e-7f);
    assertEquals(0f, x[2], 1e-7f);
  }

  @Test
  void covariatesAreNormalisedSeparatelyAndFlaggedWhenMissing() {
    FeaturePipeline pipeline = FeaturePipeline.of("value,cov=temp+load");
    FeatureState byName = pipeline.newState();
    FeatureState byPosition = pipeline.newState();
    float[] x = new float[5];
    float[] y = new float[5];
    for (int i = 0; i < 30; i++) {
      Map<String, Double> covariates = new HashMap<>();
      covariates.put("temp", 10.0 + i);
      if (i % 3 != 0) {
        covariates.put("load", 1000.0 - i);
      }
      pipeline.observe(byName, T0 + i * MINUTE, i, covariates, x);
      pipeline.observe(
          byPosition,
          T0 + i * MINUTE,
          i,
          new double[] {10.0 + i, i % 3 != 0 ? 1000.0 - i : Double.NaN},
          y);
      assertArrayEquals(x, y, "map and positional covariates agree at " + i);
      assertEquals(i % 3 == 0 ? 1f : 0f, x[4], "missing flag of load at " + i);
      if (i % 3 == 0) {
        assertEquals(0f, x[3], "a missing covariate is 0");
      }
    }
    // temp rises steadily, so its latest value sits above its running mean; load falls.
    assertTrue(x[1] > 1, "temp z-score " + x[1]);
    assertTrue(x[3] < -1, "load z-score " + x[3]);
    assertEquals(0f, x[2]);
  }

  @Test
  void unknownCovariateNamesAreIgnoredAndAbsentMapMeansAllMissing() {
    FeaturePipeline pipeline = FeaturePipeline.of("value,cov=a");
    float[] x = new float[3];
    pipeline.observe(pipeline.newState(), T0, 1, Map.of("b", 2.0), x);
    assertArrayEquals(new float[] {0, 0, 1}, x);
    pipeline.observe(pipeline.newState(), T0, 1, (Map<String, Double>) null, x);
    assertArrayEquals(new float[] {0, 0, 1}, x);
  }

  @Test
  void stateRoundTripGivesIdenticalSubsequentOutputs() {
    FeaturePipeline pipeline =
        FeaturePipeline.of("value,norm=ew(20),dt,gap,calendar=hour@America/New_York,cov=a+b");
    FeatureState original = pipeline.newState();
    double[] values = randomWalk(150, 7);
    float[] x = new float[pipeline.inputSize()];
    for (int t = 0; t < 100; t++) {
      pipeline.observe(
          original, T0 + t * 7 * MINUTE, values[t], new double[] {t, values[t] / 3}, x);
    }
    ByteBuffer buffer = ByteBuffer.allocate(original.sizeBytes());
    original.writeTo(buffer);
    assertFalse(buffer.hasRemaining(), "sizeBytes() matches what writeTo writes");
    buffer.flip();
    FeatureState copy = FeatureState.fromBuffer(buffer);
    FeatureState inPlace = pipeline.newState();
    inPlace.readFrom(buffer.rewind());

    float[] y = new float[x.length];
    float[] z = new float[x.length];
    for (int t = 100; t < values.length; t++) {
      long time = T0 + t * 7 * MINUTE;
      double[] covariates = {t, values[t] / 3};
      pipeline.observe(original, time, values[t], covariates, x);
      pipeline.observe(copy, time, values[t], covariates, y);
      pipeline.observe(inPlace, time, values[t], covariates, z);
      assertArrayEquals(x, y, "fromBuffer copy at " + t);
      assertArrayEquals(x, z, "readFrom copy at " + t);
    }
    assertEquals(pipeline.denormalise(original, 0.5), pipeline.denormalise(copy, 0.5));
    assertEquals(pipeline.expectedTimestamp(original, 4), pipeline.expectedTimestamp(copy, 4));
  }

  @Test
  void clearedStateBehavesLikeANewOne() {
    FeaturePipeline pipeline = FeaturePipeline.of("value,dt,cov=a");
    FeatureState used = pipeline.newState();
    float[] x = new float[pipeline.inputSize()];
    for (int t = 0; t < 10; t++) {
      pipeline.observe(used, T0 + t * MINUTE, t * t, new double[] {t}, x);
    }
    used.clear();

    ByteBuffer cleared = ByteBuffer.allocate(used.sizeBytes());
    ByteBuffer fresh = ByteBuffer.allocate(used.sizeBytes());
    used.writeTo(cleared);
    pipeline.newState().writeTo(fresh);
    assertArrayEquals(fresh.array(), cleared.array());
  }

  @Test
  void readingAStateOfAnotherShapeFailsNamingBothCounts() {
    FeatureState twoCovariates = new FeatureState(2);
    ByteBuffer buffer = ByteBuffer.allocate(twoCovariates.sizeBytes());
    twoCovariates.writeTo(buffer);
    buffer.flip();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new FeatureState(1).readFrom(buffer));
    assertTrue(
        e.getMessage().contains("expected 1 covariates") && e.getMessage().contains("has 2"),
        e.getMessage());
    IllegalArgumentException truncated =
        assertThrows(
            IllegalArgumentException.class, () -> FeatureState.fromBuffer(ByteBuffer.allocate(10)));
    assertTrue(truncated.getMessage().contains("buffer ends"), truncated.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "value",
        "value,norm=ew(3)",
        "value,norm=none",
        "value,norm=fixed(100,12.5)",
        "value,norm=ew(3),target=delta",
        "value,norm=none,target=delta",
        "value,norm=fixed(100,12.5),target=delta"
      })
  void denormaliseInvertsNormaliseTarget(String spec) {
    FeaturePipeline pipeline = FeaturePipeline.of(spec);
    FeatureState state = pipeline.newState();
    double[] values = randomWalk(40, 8);
    float[] x = new float[1];
    for (int t = 0; t < values.length; t++) {
      pipeline.observe(state, T0 + t * MINUTE, values[t], Map.of(), x);
    }
    for (double v : new double[] {-1e4, -3.25, 0, 49.5, 1234.5}) {
      assertEquals(
          v,
          pipeline.denormalise(state, pipeline.normaliseTarget(state, v)),
          1e-9 * Math.max(1, Math.abs(v)));
    }
    double scale = pipeline.normaliseTarget(state, 51) - pipeline.normaliseTarget(state, 50);
    assertEquals(
        1, pipeline.denormaliseScale(state, scale), 1e-9, "a unit step maps back to a unit scale");
  }

  @Test
  void deltaTargetIsTheScaledChangeFromTheLastValueWhileTheInputStaysTheLevel() {
    FeaturePipeline level = FeaturePipeline.of("value,norm=ew(50)");
    FeaturePipeline delta = FeaturePipeline.of("value,norm=ew(50),target=delta");
    FeatureState levelState = level.newState();
    FeatureState deltaState = delta.newState();
    float[] levelInput = new float[1];
    float[] deltaInput = new float[1];
    double[] values = randomWalk(30, 3);
    for (int t = 0; t < values.length; t++) {
      level.observe(levelState, T0 + t * MINUTE, values[t], Map.of(), levelInput);
      delta.observe(deltaState, T0 + t * MINUTE, values[t], Map.of(), deltaInput);
      assertEquals(
          levelInput[0], deltaInput[0], "the value input does not depend on the target, t=" + t);
    }
    double last = values[values.length - 1];
    assertEquals(
        0, delta.normaliseTarget(deltaState, last), "repeating the last value is the target 0");
    assertEquals(last, delta.denormalise(deltaState, 0), "the output 0 repeats the last value");
    double levelStep =
        level.normaliseTarget(levelState, last + 2) - level.normaliseTarget(levelState, last);
    assertEquals(
        levelStep,
        delta.normaliseTarget(deltaState, last + 2),
        1e-12,
        "both targets share one scale");
  }

  @Test
  void differenceInputIsTheScaledChangeSinceThePreviousReadingAndComesRightAfterTheValue() {
    FeaturePipeline pipeline = FeaturePipeline.of("value,norm=fixed(10,4),diff,dt");
    FeatureState state = pipeline.newState();
    float[] x = new float[3];
    pipeline.observe(state, T0, 18, Map.of(), x);
    assertEquals(2f, x[0], "value");
    assertEquals(0f, x[1], "no previous reading: no change");
    pipeline.observe(state, T0 + MINUTE, 12, Map.of(), x);
    assertEquals(0.5f, x[0], "value");
    assertEquals(-1.5f, x[1], "(12 − 18) / 4");
  }

  @Test
  void badReadingsFailNamingTheProblemAndLeaveTheStateUntouched() {
    FeaturePipeline pipeline = FeaturePipeline.of("value,cov=a");
    FeatureState state = pipeline.newState();
    float[] x = new float[3];
    pipeline.observe(state, T0, 1, new double[] {1}, x);

    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> pipeline.observe(state, T0 + 1, Double.NaN, new double[] {1}, x));
    assertTrue(
        nan.getMessage().contains("value") && nan.getMessage().contains("NaN"), nan.getMessage());
    IllegalArgumentException old =
        assertThrows(
            IllegalArgumentException.class,
            () -> pipeline.observe(state, T0 - 1, 1, new double[] {1}, x));
    assertTrue(old.getMessage().contains(String.valueOf(T0)), old.getMessage());
    IllegalArgumentException width =
        assertThrows(
            IllegalArgumentException.class,
            () -> pipeline.observe(state, T0 + 1, 1, new double[0], x));
    assertTrue(width.getMessage().contains("expected 1"), width.getMessage());
    IllegalArgumentException shortVector =
        assertThrows(
            IllegalArgumentException.class,
            () -> pipeline.observe(state, T0 + 1, 1, new double[] {1}, new float[2]));
    assertTrue(shortVector.getMessage().contains("xOut"), shortVector.getMessage());
    assertEquals(1, state.count());
  }

  @Test
  void observeDoesNotAllocate() {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    FeaturePipeline pipeline =
        FeaturePipeline.of("value,dt,gap,calendar=hour+dow@Europe/Berlin,cov=a+b");
    FeatureState state = pipeline.newState();
    Map<String, Double> covariates = Map.of("a", 1.5, "b", 2.5);
    double[] positional = {1.5, Double.NaN};
    float[] x = new float[pipeline.inputSize()];
    int calls = 20_000;
    observeMany(pipeline, state, covariates, positional, x, 0, calls);

    long threadId = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(threadId);
    observeMany(pipeline, state, covariates, positional, x, calls, calls);
    long allocated = threads.getThreadAllocatedBytes(threadId) - before;

    // Even 8 bytes per call would show as 160 kB; the slack absorbs the measuring call itself.
    assertTrue(allocated < 1024, "allocated " + allocated + " bytes over " + calls + " calls");
  }

  private static void observeMany(
      FeaturePipeline pipeline,
      FeatureState state,
      Map<String, Double> covariates,
      double[] positional,
      float[] x,
      int from,
      int calls) {
    for (int i = from; i < from + calls; i++) {
      long time = T0 + i * 17 * MINUTE;
      if (i % 2 == 0) {
        pipeline.observe(state, time, i % 13, covariates, x);
      } else {
        pipeline.observe(state, time, i % 13, positional, x);
      }
    }
  }
}
