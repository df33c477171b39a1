package io.nowcast.stream;

import static io.nowcast.stream.StreamFixtures.series;
import static io.nowcast.stream.StreamFixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.engine.ForecastEngine;
import io.nowcast.serde.InMemorySchemaRegistry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the global store installs, refuses and ignores; serving without a model. */
class ModelInstallTest {

  private static final ModelSnapshot V1 = snapshot(1, "value,dt,gap", 11);

  @TempDir Path stateDir;
  private final String scope = "install-" + UUID.randomUUID();
  private ForecasterDriver forecaster;

  private void start(Map<String, String> overrides) {
    forecaster = new ForecasterDriver(scope, stateDir, overrides);
  }

  @AfterEach
  void stop() {
    forecaster.close();
    InMemorySchemaRegistry.dropScope(scope);
  }

  @Test
  void invalidSnapshotsAreRefusedCountedAndTheOldModelKeepsServing() {
    start(Map.of());
    forecaster.publish(V1);
    byte[] good = forecaster.encode(snapshot(2, "value", 5));
    forecaster.publish(withNaNWeight(snapshot(3, "value", 5)));
    forecaster.publish("fleet@4", Arrays.copyOf(good, good.length / 2));
    forecaster.publish(
        ModelSnapshot.newBuilder(snapshot(5, "value", 5)).setFormatVersion(99).build());
    forecaster.publish(ModelSnapshot.newBuilder(snapshot(6, "value", 5)).setInputSize(4).build());
    forecaster.publish("fleet@8", forecaster.encode(snapshot(7, "value", 5)));
    forecaster.publish(snapshot(1, "value", 5));
    forecaster.send(series("room-a", 3));

    assertEquals(
        List.of(1L, 1L, 1L),
        forecaster.forecasts().stream().map(Forecast::getModelVersion).toList());
    assertEquals(6.0, forecaster.counter("nowcast.models.refused"));
    assertEquals(1.0, forecaster.counter("nowcast.models.installed"));
    assertEquals(1.0, forecaster.gauge("nowcast.model.version"));
    assertEquals(1, forecaster.models.currentVersion());
  }

  @Test
  void otherModelNamesAndTombstonesAreIgnored() {
    start(Map.of());
    forecaster.publish(V1);
    forecaster.publish(ModelSnapshot.newBuilder(snapshot(9, "value", 5)).setName("other").build());
    forecaster.publish("fleet@1", null);
    forecaster.send(series("room-a", 2));

    assertEquals(1, forecaster.models.currentVersion());
    assertEquals(0.0, forecaster.counter("nowcast.models.refused"));
    assertEquals(2, forecaster.forecasts().size());
  }

  @Test
  void withoutAModelNothingIsForecastButEventsAreCounted() {
    start(Map.of());
    forecaster.send(series("room-a", 4));

    assertTrue(forecaster.forecasts().isEmpty());
    assertEquals(4.0, forecaster.counter("nowcast.no.model"));
    assertEquals(-1.0, forecaster.gauge("nowcast.model.version"));

    forecaster.publish(V1);
    forecaster.send(series("room-a", 6).subList(4, 6));
    assertEquals(
        List.of(1L, 1L), forecaster.forecasts().stream().map(Forecast::getModelVersion).toList());
  }

  @Test
  void theFallbackEmitsFlaggedPersistenceForecasts() {
    start(Map.of("nowcast.fallback.persistence", "true"));
    forecaster.send(series("room-a", 3));

    List<Forecast> forecasts = forecaster.forecasts();
    assertEquals(3, forecasts.size());
    Forecast last = forecasts.get(2);
    assertEquals(ForecastEngine.PERSISTENCE_MODEL_NAME, last.getModelName());
    assertEquals(ForecastEngine.PERSISTENCE_MODEL_VERSION, last.getModelVersion());
    assertEquals(last.getObserved(), last.getHorizon().get(0).getMean());
    assertEquals(3.0, forecaster.counter("nowcast.no.model"));
  }

  private static ModelSnapshot withNaNWeight(ModelSnapshot snapshot) {
    ByteBuffer parameters = snapshot.getParameters().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    byte[] bytes = new byte[parameters.remaining()];
    parameters.get(bytes);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(4, Float.NaN);
    return ModelSnapshot.newBuilder(snapshot).setParameters(ByteBuffer.wrap(bytes)).build();
  }
}
