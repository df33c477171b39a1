package io.nowcast.stream;

import static io.nowcast.stream.StreamFixtures.offline;
import static io.nowcast.stream.StreamFixtures.series;
import static io.nowcast.stream.StreamFixtures.serving;
import static io.nowcast.stream.StreamFixtures.snapshot;
import static io.nowcast.stream.StreamFixtures.withoutProducedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.engine.EngineSettings;
import io.nowcast.engine.OfflineForecaster;
import io.nowcast.serde.InMemorySchemaRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new model published mid-stream through the models topic. */
class ModelSwapTest {

  private static final ModelSnapshot V1 = snapshot(1, "value", 11);

  /** Other weights and other features: the re-warm must featurise the raw ring anew. */
  private static final ModelSnapshot V2 = snapshot(2, "value,dt,gap", 22);

  private static final int BEFORE_SWAP = 20;

  @TempDir Path stateDir;
  private final String scope = "swap-" + UUID.randomUUID();
  private ForecasterDriver forecaster;

  @BeforeEach
  void start() {
    forecaster = new ForecasterDriver(scope, stateDir, Map.of());
  }

  @AfterEach
  void stop() {
    forecaster.close();
    InMemorySchemaRegistry.dropScope(scope);
  }

  @Test
  void versionsChangeAtTheFirstReadingAfterThePublication() {
    List<SensorReading> readings = series("room-a", 30);
    forecaster.publish(V1);
    forecaster.send(readings.subList(0, BEFORE_SWAP));
    forecaster.publish(V2);
    forecaster.send(readings.subList(BEFORE_SWAP, readings.size()));

    List<Long> versions = forecaster.forecasts().stream().map(Forecast::getModelVersion).toList();
    List<Long> expected = new ArrayList<>();
    readings.forEach(reading -> expected.add(expected.size() < BEFORE_SWAP ? 1L : 2L));
    assertEquals(expected, versions);
    assertEquals(1.0, forecaster.counter("nowcast.rewarms"));
    assertEquals(2.0, forecaster.counter("nowcast.models.installed"));
    assertEquals(2.0, forecaster.gauge("nowcast.model.version"));
  }

  @Test
  void firstForecastAfterTheSwapIsTheNewModelRewarmedOverTheRing() {
    List<SensorReading> readings = series("room-a", 30);
    forecaster.publish(V1);
    forecaster.send(readings.subList(0, BEFORE_SWAP));
    forecaster.publish(V2);
    forecaster.send(readings.subList(BEFORE_SWAP, readings.size()));
    List<Forecast> forecasts = forecaster.forecasts();

    // The ring (64) holds every reading so far, so re-warming from a zero state equals running the
    // new model alone from the first reading.
    List<Forecast> v2Alone =
        offline(serving(V2), readings.subList(0, BEFORE_SWAP + 1), StreamFixtures.SETTINGS)
            .forecasts();
    assertEquals(
        withoutProducedAt(v2Alone.get(BEFORE_SWAP)), withoutProducedAt(forecasts.get(BEFORE_SWAP)));
    assertEquals(withoutProducedAt(swappedOffline(readings)), withoutProducedAt(forecasts));
  }

  @Test
  void aSmallRingRewarmsFromTheLastReadingsOnly() {
    forecaster.close();
    forecaster =
        new ForecasterDriver(
            scope, stateDir.resolve("small"), Map.of("nowcast.ring.buffer.size", "5"));
    List<SensorReading> readings = series("room-a", 30);
    forecaster.publish(V1);
    forecaster.send(readings.subList(0, BEFORE_SWAP));
    forecaster.publish(V2);
    forecaster.send(readings.subList(BEFORE_SWAP, BEFORE_SWAP + 1));

    // Ring of 5: the 5 readings before the swap are replayed from a zero state, then the new one
    // steps.
    List<Forecast> rewarmed =
        offline(
                serving(V2),
                readings.subList(BEFORE_SWAP - 5, BEFORE_SWAP + 1),
                new EngineSettings(5, StreamFixtures.ACCURACY_EVERY, false, StreamFixtures.LEVEL))
            .forecasts();
    List<Forecast> forecasts = forecaster.forecasts();
    assertEquals(BEFORE_SWAP + 1, forecasts.size());
    assertEquals(rewarmed.get(5).getHorizon(), forecasts.get(BEFORE_SWAP).getHorizon());
  }

  private static List<Forecast> swappedOffline(List<SensorReading> readings) {
    OfflineForecaster runner = new OfflineForecaster(StreamFixtures.SETTINGS, serving(V1));
    List<Forecast> forecasts = new ArrayList<>();
    for (int i = 0; i < readings.size(); i++) {
      if (i == BEFORE_SWAP) {
        runner.useModel(serving(V2));
      }
      forecasts.add(runner.accept(readings.get(i)).forecast());
    }
    return forecasts;
  }
}
