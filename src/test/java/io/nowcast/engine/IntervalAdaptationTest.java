package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.series;
import static io.nowcast.engine.EngineFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.SensorReading;
import io.nowcast.nn.CellType;
import io.nowcast.nn.OutputKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The online interval scales of {@link ForecastEngine}: adaptive conformal inference per key and
 * step.
 */
class IntervalAdaptationTest {
  private static final String FEATURES = "value,dt";

  /** Three steps: stride 1, three probes in flight, so every forecast starts one. */
  private static final int HORIZON = 3;

  private static final double LEVEL = 0.8;

  @Test
  void everyScoredIntervalMovesItsScaleByTheAciRule() {
    ServingModel model = calibrated(1, 0.3);
    ForecastEngine engine = new ForecastEngine(settings(8));
    List<SensorReading> readings = series(90, 5);
    KeyState state = engine.onReading(null, readings.get(0), model, 0).state();
    int misses = 0;
    int hits = 0;
    for (SensorReading reading : readings.subList(1, readings.size())) {
      double actual = reading.getValue();
      IntervalScales scales = state.intervals;
      boolean pendingMiss = actual < state.pending.lower() || actual > state.pending.upper();
      double expectedShared =
          aci(scales.shared(), IntervalScales.SHARED_ADAPTATION_RATE, pendingMiss);
      double[] expectedSteps = stepScales(scales);
      int[] expectedAges = probeSteps(scales);
      for (int p = 0; p < expectedAges.length; p++) {
        int k = expectedAges[p];
        if (k < HORIZON) {
          boolean miss = actual < scales.probeLower(p, k) || actual > scales.probeUpper(p, k);
          expectedSteps[k] = aci(expectedSteps[k], IntervalScales.STEP_ADAPTATION_RATE, miss);
          expectedAges[p] = k + 1;
        }
      }
      int startingProbe = scales.probeClock() / IntervalScales.probeStride(HORIZON);
      misses += pendingMiss ? 1 : 0;
      hits += pendingMiss ? 0 : 1;

      Forecast forecast = engine.onReading(state, reading, model, 0).forecast();

      assertEquals(expectedShared, scales.shared(), "shared scale after " + reading.getTimestamp());
      assertArrayEquals(
          expectedSteps, stepScales(scales), "step scales after " + reading.getTimestamp());
      expectedAges[startingProbe] = 0;
      assertArrayEquals(
          expectedAges, probeSteps(scales), "with stride 1 every forecast starts a probe");
      assertEquals(forecast.getHorizon().get(2).getUpper(), scales.probeUpper(startingProbe, 2));
    }
    assertTrue(
        misses > 0 && hits > 0,
        "the series exercises both directions: " + misses + " misses, " + hits + " hits");
  }

  @Test
  void intervalsTooNarrowWidenAndIntervalsTooWideNarrow() {
    KeyState narrow = finalState(calibrated(1, 1e-6));
    KeyState wide = finalState(calibrated(1, 1e3));
    assertTrue(
        narrow.intervals.shared() > 1.5,
        "nearly every forecast misses: the scale grows, " + narrow.intervals.shared());
    assertTrue(
        narrow.intervals.stepScale(HORIZON - 1) > 1.1,
        "and so does each step's, " + narrow.intervals.stepScale(HORIZON - 1));
    assertTrue(
        wide.intervals.shared() < 0.8,
        "every forecast hits: the scale shrinks, " + wide.intervals.shared());
    assertTrue(
        wide.intervals.stepScale(HORIZON - 1) < 0.95,
        "and so does each step's, " + wide.intervals.stepScale(HORIZON - 1));
  }

  @Test
  void theScalesStayWithinTheirBoundsAndRestartWithANewModel() {
    ForecastEngine engine = new ForecastEngine(settings(8));
    KeyState state = null;
    List<SensorReading> readings = series(400, 6);
    ServingModel narrow = calibrated(1, 1e-9);
    for (SensorReading reading : readings.subList(0, 399)) {
      state = engine.onReading(state, reading, narrow, 0).state();
    }
    assertTrue(
        state.intervals.shared() <= IntervalScales.MAX_SCALE, "scale " + state.intervals.shared());
    assertTrue(state.intervals.shared() > 1, "scale " + state.intervals.shared());

    state = engine.onReading(state, readings.get(399), calibrated(2, 1e-9), 0).state();
    assertEquals(1.0, state.intervals.shared(), "a new model starts from its own calibration");
    assertArrayEquals(new double[] {1, 1, 1}, stepScales(state.intervals));
  }

  @Test
  void modelsWithoutIntervalsKeepNoStepScales() {
    ServingModel point =
        EngineFixtures.model(
            FEATURES, CellType.LSTM, new int[] {4}, HORIZON, OutputKind.POINT, 1, null);
    ForecastEngine engine = new ForecastEngine(settings(8));
    KeyState state = null;
    for (SensorReading reading : series(20, 8)) {
      state = engine.onReading(state, reading, point, 0).state();
    }
    assertEquals(0, state.intervals.steps());
    assertEquals(1.0, state.intervals.shared());
  }

  private static double[] stepScales(IntervalScales scales) {
    double[] steps = new double[scales.steps()];
    for (int k = 0; k < steps.length; k++) {
      steps[k] = scales.stepScale(k);
    }
    return steps;
  }

  private static int[] probeSteps(IntervalScales scales) {
    int[] steps = new int[scales.probes()];
    for (int p = 0; p < steps.length; p++) {
      steps[p] = scales.probeStep(p);
    }
    return steps;
  }

  private static double aci(double scale, double rate, boolean miss) {
    return scale * StrictMath.exp(rate * ((miss ? 1 : 0) - (1 - LEVEL)));
  }

  private static KeyState finalState(ServingModel model) {
    ForecastEngine engine = new ForecastEngine(settings(8));
    KeyState state = null;
    for (SensorReading reading : series(120, 7)) {
      state = engine.onReading(state, reading, model, 0).state();
    }
    return state;
  }

  /** A point model whose calibrated interval is ± halfWidth (normalised units) at every step. */
  private static ServingModel calibrated(long version, double halfWidth) {
    List<Double> lower = List.of(-halfWidth, -halfWidth, -halfWidth);
    List<Double> upper = List.of(halfWidth, halfWidth, halfWidth);
    return EngineFixtures.model(
        FEATURES,
        CellType.LSTM,
        new int[] {4},
        HORIZON,
        OutputKind.POINT,
        version,
        new Calibration(LEVEL, lower, upper, List.of()));
  }
}
