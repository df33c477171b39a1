package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.MINUTE;
import static io.nowcast.engine.EngineFixtures.lstm;
import static io.nowcast.engine.EngineFixtures.reading;
import static io.nowcast.engine.EngineFixtures.series;
import static io.nowcast.engine.EngineFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.ForecastPoint;
import io.nowcast.avro.SensorReading;
import io.nowcast.nn.CellType;
import io.nowcast.nn.OutputKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecastEngineTest {
  private static final String FEATURES = "value,dt,gap,calendar=hour+dow,cov=temp";
  private static final long PRODUCED_AT = 1_800_000_000_000L;

  @Test
  void forecastsEqualAnIndependentAssemblyOfPipelineAndNetwork() {
    ServingModel model = lstm(FEATURES, 3);
    List<SensorReading> readings = series(120, 1);
    ForecastEngine engine = new ForecastEngine(settings(32));
    IndependentAssembly byHand = new IndependentAssembly(model);
    KeyState state = null;
    for (SensorReading reading : readings) {
      Outcome outcome = engine.onReading(state, reading, model, PRODUCED_AT);
      state = outcome.state();
      double[] expected = byHand.step(reading);
      assertArrayEquals(
          expected, means(outcome.forecast()), "forecast at " + reading.getTimestamp());
    }
    assertEquals(readings.size(), state.observations());
  }

  @Test
  void forecastFieldsFollowTheSchema() {
    ServingModel model = lstm(FEATURES, 3);
    List<SensorReading> readings = series(10, 2);
    ForecastEngine engine = new ForecastEngine(settings(32));
    IndependentAssembly byHand = new IndependentAssembly(model);
    KeyState state = null;
    Forecast forecast = null;
    for (SensorReading reading : readings) {
      Outcome outcome = engine.onReading(state, reading, model, PRODUCED_AT);
      state = outcome.state();
      forecast = outcome.forecast();
      byHand.step(reading);
    }
    SensorReading last = readings.get(readings.size() - 1);
    assertEquals(EngineFixtures.SENSOR, forecast.getSensorId());
    assertEquals(last.getTimestamp(), forecast.getTimestamp());
    assertEquals(last.getValue(), forecast.getObserved());
    assertEquals("fleet", forecast.getModelName());
    assertEquals(3L, forecast.getModelVersion());
    assertEquals(0.8, forecast.getIntervalLevel());
    assertEquals(Instant.ofEpochMilli(PRODUCED_AT), forecast.getProducedAt());
    assertEquals(model.horizon(), forecast.getHorizon().size());
    for (int k = 0; k < model.horizon(); k++) {
      ForecastPoint point = forecast.getHorizon().get(k);
      assertEquals(k + 1, point.getStep());
      long expected = byHand.pipeline().expectedTimestamp(byHand.features(), k + 1);
      assertEquals(Instant.ofEpochMilli(expected), point.getTimestamp());
      assertTrue(
          point.getTimestamp().toEpochMilli() > last.getTimestamp().toEpochMilli(),
          "step " + (k + 1));
      assertEquals(
          point.getMean(),
          point.getLower(),
          "a POINT model without calibration has an empty interval");
      assertEquals(point.getMean(), point.getUpper());
    }
  }

  @Test
  void gapTakesTheDeltaTimePathAndStillMatchesTheAssembly() {
    ServingModel model = lstm("value,dt,gap", 3);
    List<SensorReading> regular = new ArrayList<>();
    List<SensorReading> gapped = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double value = 10 + (i % 7);
      regular.add(reading(EngineFixtures.START + i * MINUTE, value));
      gapped.add(reading(EngineFixtures.START + i * MINUTE + (i >= 30 ? 20 * MINUTE : 0), value));
    }
    double[] regularMeans = means(lastForecast(model, regular));
    double[] gappedMeans = means(lastForecast(model, gapped));
    assertArrayEquals(new IndependentAssembly(model).stepAll(gapped), gappedMeans);
    assertFalse(
        Arrays.equals(regularMeans, gappedMeans), "the Δt and gap inputs must change the forecast");
  }

  @Test
  void duplicatesAndOutOfOrderReadingsAreSkippedWithTheStateUnchanged() {
    ServingModel model = lstm(FEATURES, 3);
    ForecastEngine engine = new ForecastEngine(settings(16));
    KeyState state = null;
    for (SensorReading reading : series(20, 3)) {
      state = engine.onReading(state, reading, model, PRODUCED_AT).state();
    }
    byte[] before = KeyStateCodec.latest().encode(state);
    long last = state.lastTimestamp();

    Outcome duplicate = engine.onReading(state, reading(last, 99), model, PRODUCED_AT);
    Outcome late = engine.onReading(state, reading(last - 1, 99), model, PRODUCED_AT);

    assertEquals(SkipReason.DUPLICATE, duplicate.skipped());
    assertEquals(SkipReason.OUT_OF_ORDER, late.skipped());
    for (Outcome skipped : List.of(duplicate, late)) {
      assertTrue(skipped.wasSkipped());
      assertNull(skipped.state());
      assertNull(skipped.forecast());
      assertNull(skipped.report());
    }
    assertArrayEquals(before, KeyStateCodec.latest().encode(state));
  }

  @Test
  void noModelAdvancesStateWithoutForecastsThenTheFirstModelRewarmsFromTheRing() {
    ServingModel model = lstm(FEATURES, 5);
    List<SensorReading> readings = series(30, 4);
    int ring = 12;
    ForecastEngine engine = new ForecastEngine(settings(ring));
    KeyState state = null;
    for (SensorReading reading : readings.subList(0, 20)) {
      Outcome outcome = engine.onReading(state, reading, null, PRODUCED_AT);
      assertTrue(outcome.noModel());
      assertNull(outcome.forecast());
      assertFalse(outcome.rewarmed());
      state = outcome.state();
    }
    assertEquals(20, state.observations());
    assertEquals(ring, state.bufferedObservations());
    assertEquals(KeyState.NO_MODEL, state.modelVersion());
    assertEquals(readings.get(19).getTimestamp().toEpochMilli(), state.lastTimestamp());

    Outcome first = engine.onReading(state, readings.get(20), model, PRODUCED_AT);

    assertTrue(first.rewarmed());
    assertFalse(first.noModel());
    assertEquals(5L, first.state().modelVersion());
    double[] expected = new IndependentAssembly(model).stepAll(readings.subList(20 - ring, 21));
    assertArrayEquals(expected, means(first.forecast()));
  }

  @Test
  void modelSwapRewarmsOnceFromTheRingAndStampsTheNewVersion() {
    ServingModel v1 = lstm(FEATURES, 1);
    ServingModel v2 =
        EngineFixtures.model(FEATURES, CellType.GRU, new int[] {6}, 4, OutputKind.POINT, 2, null);
    List<SensorReading> readings = series(60, 5);
    int ring = 16;
    int swapAt = 35;
    ForecastEngine engine = new ForecastEngine(settings(ring));
    KeyState state = null;
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < readings.size(); i++) {
      Outcome outcome = engine.onReading(state, readings.get(i), i < swapAt ? v1 : v2, PRODUCED_AT);
      state = outcome.state();
      outcomes.add(outcome);
    }
    for (int i = 0; i < outcomes.size(); i++) {
      assertEquals(
          i < swapAt ? 1L : 2L,
          outcomes.get(i).forecast().getModelVersion(),
          "version of forecast " + i);
      assertEquals(i == swapAt, outcomes.get(i).rewarmed(), "rewarmed flag of event " + i);
    }
    IndependentAssembly fresh = new IndependentAssembly(v2);
    double[] expected = fresh.stepAll(readings.subList(swapAt - ring, swapAt + 1));
    assertArrayEquals(expected, means(outcomes.get(swapAt).forecast()));
    double[] next = fresh.step(readings.get(swapAt + 1));
    assertArrayEquals(
        next, means(outcomes.get(swapAt + 1).forecast()), "v2 continues from the re-warmed state");
  }

  @Test
  void withoutARingASwapRestartsTheNewModelFromTheCurrentReadingAlone() {
    ServingModel v1 = lstm(FEATURES, 1);
    ServingModel v2 = lstm(FEATURES, 2);
    List<SensorReading> readings = series(12, 9);
    ForecastEngine engine = new ForecastEngine(settings(0));
    KeyState state = null;
    for (SensorReading reading : readings.subList(0, 11)) {
      state = engine.onReading(state, reading, v1, PRODUCED_AT).state();
    }
    Outcome swapped = engine.onReading(state, readings.get(11), v2, PRODUCED_AT);
    assertTrue(swapped.rewarmed());
    assertEquals(0, swapped.state().bufferedObservations());
    assertArrayEquals(
        new IndependentAssembly(v2).step(readings.get(11)), means(swapped.forecast()));
  }

  @Test
  void persistenceFallbackRepeatsTheLastValueFlagged() {
    ForecastEngine engine = new ForecastEngine(new EngineSettings(8, 100, true, 0.9));
    KeyState state = null;
    Outcome outcome = null;
    for (int i = 0; i < 5; i++) {
      outcome =
          engine.onReading(
              state, reading(EngineFixtures.START + i * MINUTE, 40 + i), null, PRODUCED_AT);
      state = outcome.state();
    }
    Forecast forecast = outcome.forecast();
    assertTrue(outcome.noModel());
    assertEquals(ForecastEngine.PERSISTENCE_MODEL_NAME, forecast.getModelName());
    assertEquals(0L, forecast.getModelVersion());
    assertEquals(0.9, forecast.getIntervalLevel());
    assertEquals(1, forecast.getHorizon().size());
    ForecastPoint point = forecast.getHorizon().get(0);
    assertEquals(44.0, point.getMean());
    assertEquals(44.0, point.getLower());
    assertEquals(44.0, point.getUpper());
    assertEquals(Instant.ofEpochMilli(EngineFixtures.START + 5 * MINUTE), point.getTimestamp());
  }

  @Test
  void identicalInputsGiveIdenticalRecordsFromTwoEngines() {
    ServingModel model = lstm(FEATURES, 3);
    List<Forecast> first = forecasts(model, series(80, 6));
    List<Forecast> second = forecasts(model, series(80, 6));
    assertEquals(first, second);
    assertNotEquals(first, forecasts(model, series(80, 7)));
  }

  @Test
  void nonFiniteValuesAreRefusedNamingTheSensor() {
    ForecastEngine engine = new ForecastEngine(settings(4));
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                engine.onReading(
                    null, reading(EngineFixtures.START, Double.NaN), null, PRODUCED_AT));
    assertTrue(refused.getMessage().contains(EngineFixtures.SENSOR), refused.getMessage());
  }

  @Test
  void offlineRunnerServesOneKeyThroughTheEngine() {
    ServingModel model = lstm(FEATURES, 3);
    List<SensorReading> readings = series(25, 8);
    OfflineForecaster offline = new OfflineForecaster(settings(8), model);
    List<Outcome> outcomes = new ArrayList<>();
    offline.run(readings, outcomes::add);
    assertEquals(readings.size(), outcomes.size());
    assertArrayEquals(
        new IndependentAssembly(model).stepAll(readings), means(outcomes.get(24).forecast()));
    assertEquals(readings.get(24).getTimestamp(), outcomes.get(24).forecast().getProducedAt());
    assertEquals(25, offline.state().observations());
    SensorReading other =
        new SensorReading("other", Instant.ofEpochMilli(EngineFixtures.START), 1.0, Map.of());
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> offline.accept(other));
    assertTrue(refused.getMessage().contains("'other'"), refused.getMessage());
  }

  private static List<Forecast> forecasts(ServingModel model, List<SensorReading> readings) {
    OfflineForecaster offline = new OfflineForecaster(settings(8), model);
    List<Forecast> forecasts = new ArrayList<>();
    offline.run(readings, outcome -> forecasts.add(outcome.forecast()));
    return forecasts;
  }

  private static Forecast lastForecast(ServingModel model, List<SensorReading> readings) {
    List<Forecast> forecasts = forecasts(model, readings);
    Forecast last = forecasts.get(forecasts.size() - 1);
    assertNotNull(last);
    return last;
  }

  static double[] means(Forecast forecast) {
    return forecast.getHorizon().stream().mapToDouble(ForecastPoint::getMean).toArray();
  }
}
