package io.nowcast.stream;

import static io.nowcast.stream.StreamFixtures.offline;
import static io.nowcast.stream.StreamFixtures.series;
import static io.nowcast.stream.StreamFixtures.serving;
import static io.nowcast.stream.StreamFixtures.snapshot;
import static io.nowcast.stream.StreamFixtures.withoutProducedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.config.ForecasterConfig;
import io.nowcast.engine.KeyStateCodec;
import io.nowcast.serde.InMemorySchemaRegistry;
import io.nowcast.serde.SerdeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sensor-state store's typed serde writes the format {@code nowcast.state.format.write}
 * chooses, to the store and its changelog, and the forecasts do not depend on it.
 */
class StateFormatTest {

  private static final ModelSnapshot V1 = snapshot(1, "value,dt,gap", 11);
  private static final String CHANGELOG =
      ForecasterConfig.DEFAULT_APPLICATION_ID
          + "-"
          + ForecasterTopology.SENSOR_STATE_STORE
          + "-changelog";

  @TempDir Path stateDir;
  private final String scope = "state-format-" + UUID.randomUUID();

  @AfterEach
  void dropRegistry() {
    InMemorySchemaRegistry.dropScope(scope);
  }

  @ParameterizedTest
  @ValueSource(ints = {KeyStateCodec.PREVIOUS_FORMAT, KeyStateCodec.LATEST_FORMAT})
  void theChangelogHoldsTheConfiguredFormatAndTheForecastsDoNotDependOnIt(int format) {
    List<SensorReading> readings = series("room-a", 20);
    try (ForecasterDriver forecaster =
        new ForecasterDriver(
            scope,
            stateDir,
            Map.of(ForecasterConfig.STATE_FORMAT_WRITE, Integer.toString(format)))) {
      forecaster.publish(V1);
      forecaster.send(readings);

      List<byte[]> blobs =
          forecaster
              .driver
              .createOutputTopic(CHANGELOG, new StringDeserializer(), new ByteArrayDeserializer())
              .readValuesToList();
      assertEquals(readings.size(), blobs.size(), "one state per reading");
      for (byte[] blob : blobs) {
        assertEquals(format, blob[0], "format version byte of a changelog record");
      }
      assertEquals(
          readings.size(), forecaster.sensorStates().get("room-a").observations(), "typed store");
      assertEquals(
          withoutProducedAt(offline(serving(V1), readings, StreamFixtures.SETTINGS).forecasts()),
          withoutProducedAt(forecaster.forecasts()));
    }
  }

  @Test
  void theConfigurationDefaultsToTheLatestFormatAndAcceptsThePreviousOne() {
    Map<String, Object> defaults = ForecasterDriver.configuration(scope, Map.of());
    assertEquals(
        KeyStateCodec.LATEST_FORMAT,
        new ForecasterConfig(defaults, SerdeConfig.CONFIG_DEF).stateFormatWrite());
    Map<String, Object> previous =
        ForecasterDriver.configuration(
            scope,
            Map.of(
                ForecasterConfig.STATE_FORMAT_WRITE,
                Integer.toString(KeyStateCodec.PREVIOUS_FORMAT)));
    assertEquals(
        KeyStateCodec.PREVIOUS_FORMAT,
        KeyStateCodec.writing(
                new ForecasterConfig(previous, SerdeConfig.CONFIG_DEF).stateFormatWrite())
            .format());
  }
}
