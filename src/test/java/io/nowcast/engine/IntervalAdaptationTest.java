package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.series;
import static io.nowcast.engine.EngineFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.SensorReading;
import io.nowcast.nn.CellType;
import io.nowcast.nn.OutputKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The online interval scale of {@link ForecastEngine}: adaptive conformal inference per key. */
class IntervalAdaptationTest {
  private static final String FEATURES = "value,dt";
  private static final int HORIZON = 2;
  private static final double LEVEL = 0.8;

  @Test
  void everyScoredForecastMovesTheScaleByTheAciRule() {
    ServingModel model = calibrated(1, 0.3);
    ForecastEngine engine = new ForecastEngine(settings(8));
    KeyState state = null;
    int misses = 0;
    int hits = 0;
    for (SensorReading reading : series(60, 5)) {
      boolean scorable = state != null && state.pendingPresent;
      double before = state == null ? 1 : state.intervalScale;
      double expected = before;
      if (scorable) {
        boolean miss = reading.getValue() < state.pendingLower || reading.getValue() > state.pendingUpper;
        misses += miss ? 1 : 0;
        hits += miss ? 0 : 1;
        expected = before * StrictMath.exp(ForecastEngine.INTERVAL_ADAPTATION_RATE * ((miss ? 1 : 0) - (1 - LEVEL)));
      }
      state = engine.onReading(state, reading, model, 0).state();
      assertEquals(expected, state.intervalScale, "scale after the reading at " + reading.getTimestamp());
    }
    assertTrue(misses > 0 && hits > 0, "the series exercises both directions: " + misses + " misses, " + hits + " hits");
  }

  @Test
  void intervalsTooNarrowWidenAndIntervalsTooWideNarrow() {
    assertTrue(finalScale(calibrated(1, 1e-6)) > 1.5, "nearly every forecast misses: the scale grows");
    assertTrue(finalScale(calibrated(1, 1e3)) < 0.8, "every forecast hits: the scale shrinks");
  }

  @Test
  void theScaleStaysWithinItsBoundsAndRestartsWithANewModel() {
    ForecastEngine engine = new ForecastEngine(settings(8));
    KeyState state = null;
    List<SensorReading> readings = series(400, 6);
    ServingModel narrow = calibrated(1, 1e-9);
    for (SensorReading reading : readings.subList(0, 399)) {
      state = engine.onReading(state, reading, narrow, 0).state();
    }
    assertTrue(state.intervalScale <= ForecastEngine.MAX_INTERVAL_SCALE, "scale " + state.intervalScale);
    assertTrue(state.intervalScale > 1, "scale " + state.intervalScale);

    state = engine.onReading(state, readings.get(399), calibrated(2, 1e-9), 0).state();
    assertEquals(1.0, state.intervalScale, "a new model starts from its own calibration");
  }

  private static double finalScale(ServingModel model) {
    ForecastEngine engine = new ForecastEngine(settings(8));
    KeyState state = null;
    for (SensorReading reading : series(120, 7)) {
      state = engine.onReading(state, reading, model, 0).state();
    }
    return state.intervalScale;
  }

  /** A point model whose calibrated interval is ± halfWidth (normalised units) at every step. */
  private static ServingModel calibrated(long version, double halfWidth) {
    Calibration calibration =
        new Calibration(LEVEL, List.of(-halfWidth, -halfWidth), List.of(halfWidth, halfWidth));
    return EngineFixtures.model(FEATURES, CellType.LSTM, new int[] {4}, HORIZON, OutputKind.POINT, version, calibration);
  }
}
