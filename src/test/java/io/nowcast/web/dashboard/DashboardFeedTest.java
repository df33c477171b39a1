package io.nowcast.web.dashboard;

import static io.nowcast.web.dashboard.TestForecasts.MINUTE;
import static io.nowcast.web.dashboard.TestForecasts.T0;
import static io.nowcast.web.dashboard.TestForecasts.accuracy;
import static io.nowcast.web.dashboard.TestForecasts.forecast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nowcast.avro.Forecast;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DashboardFeedTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** 10 points, 3 sensors, 2 changes per sensor; broadcasts (not tested here) hourly. */
  private final DashboardFeed feed =
      new DashboardFeed(
          new DashboardSettings(10, 3, 2, Duration.ofHours(1), 20_000, 16, Duration.ofSeconds(5)));

  @AfterEach
  void close() {
    feed.close();
  }

  @Test
  void historyKeepsOnlyTheNewestPointsOldestFirst() throws Exception {
    for (int i = 0; i < 25; i++) {
      feed.onForecast(forecast("room-1", i, 1));
    }
    JsonNode points = history("room-1").get("points");
    assertEquals(10, points.get("timestamp").size());
    assertEquals(T0 + 15 * MINUTE, points.get("timestamp").get(0).asLong());
    assertEquals(T0 + 24 * MINUTE, points.get("timestamp").get(9).asLong());
    assertEquals(24.0, points.get("observed").get(9).asDouble());
    assertEquals(T0 + 25 * MINUTE, points.get("forecast_timestamp").get(9).asLong());
    assertEquals(24.5, points.get("mean").get(9).asDouble());
    assertEquals(23.5, points.get("lower").get(9).asDouble());
    assertEquals(25.5, points.get("upper").get(9).asDouble());
    assertEquals(1, points.get("model_version").get(9).asLong());
    assertEquals(
        25,
        history("room-1").get("forecasts").asLong(),
        "forecasts counts all, not just those kept");
  }

  @Test
  void sensorsBeyondTheBoundAreCountedAndIgnored() throws Exception {
    for (String sensor : List.of("a", "b", "c", "d")) {
      feed.onForecast(forecast(sensor, 0, 1));
    }
    JsonNode sensors = JSON.readTree(feed.sensorsJson()).get("sensors");
    assertEquals(3, sensors.size());
    assertEquals(
        List.of("a", "b", "c"),
        List.of(
            sensors.get(0).get("sensor_id").asText(),
            sensors.get(1).get("sensor_id").asText(),
            sensors.get(2).get("sensor_id").asText()));
    assertEquals(1, feed.ignoredForecasts());
    assertTrue(feed.historyJson("d").isEmpty());
  }

  @Test
  void sensorListCarriesLatestFiguresAccuracyAndModels() throws Exception {
    feed.onModelInstalled("temperature", 3, Instant.ofEpochMilli(T0));
    feed.onForecast(forecast("room-1", 0, 3));
    feed.onForecast(forecast("room-1", 1, 3));
    feed.onAccuracy(accuracy("room-1", 0.4, 0.6));

    JsonNode root = JSON.readTree(feed.sensorsJson());
    assertEquals("temperature", root.get("model").get("name").asText());
    assertEquals(3, root.get("model").get("version").asLong());
    assertEquals(T0, root.get("model").get("at").asLong());
    assertEquals(1, root.get("models").size());
    assertTrue(root.get("events_per_second").isNumber());
    JsonNode sensor = root.get("sensors").get(0);
    assertEquals("room-1", sensor.get("sensor_id").asText());
    assertEquals("temperature", sensor.get("model_name").asText());
    assertEquals(0.8, sensor.get("interval_level").asDouble());
    assertEquals(1.0, sensor.get("latest").get("observed").asDouble());
    assertEquals(1.5, sensor.get("latest").get("mean").asDouble());
    assertEquals(3, sensor.get("latest").get("model_version").asLong());
    assertEquals(0.4, sensor.get("accuracy").get("mae").asDouble());
    assertEquals(0.6, sensor.get("accuracy").get("persistence_mae").asDouble());
    assertEquals(0.81, sensor.get("accuracy").get("coverage").asDouble());
    assertEquals(100, sensor.get("accuracy").get("count").asLong());
  }

  @Test
  void modelChangesAreRememberedBoundedPerSensor() throws Exception {
    feed.onForecast(forecast("room-1", 0, 1));
    feed.onForecast(forecast("room-1", 1, 2));
    feed.onForecast(forecast("room-1", 2, 2));
    feed.onForecast(forecast("room-1", 3, 3));
    feed.onForecast(forecast("room-1", 4, 4));

    JsonNode changes = history("room-1").get("model_changes");
    assertEquals(2, changes.size(), "maxModelChanges = 2 keeps the latest two");
    assertEquals(T0 + 3 * MINUTE, changes.get(0).get("timestamp").asLong());
    assertEquals(2, changes.get(0).get("from").asLong());
    assertEquals(3, changes.get(0).get("to").asLong());
    assertEquals(4, changes.get(1).get("to").asLong());
  }

  @Test
  void aForecastWithoutStepsHasNullMeanAndBand() throws Exception {
    Forecast empty =
        Forecast.newBuilder()
            .setSensorId("room-1")
            .setTimestamp(Instant.ofEpochMilli(T0))
            .setObserved(0)
            .setModelName("persistence")
            .setModelVersion(0)
            .setHorizon(List.of())
            .setIntervalLevel(0.8)
            .setProducedAt(Instant.ofEpochMilli(T0))
            .build();
    feed.onForecast(empty);
    JsonNode points = history("room-1").get("points");
    assertTrue(points.get("mean").get(0).isNull());
    assertTrue(points.get("lower").get(0).isNull());
    assertEquals(0.0, points.get("observed").get(0).asDouble());
  }

  @Test
  void unknownSensorHasNoHistory() {
    assertTrue(feed.historyJson("nobody").isEmpty());
  }

  @Test
  void settingsNameTheBadBound() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DashboardSettings.defaults().withHistoryPoints(0));
    assertEquals("dashboard setting historyPoints must be positive, got 0", e.getMessage());
  }

  private JsonNode history(String sensorId) throws Exception {
    return JSON.readTree(feed.historyJson(sensorId).orElseThrow());
  }
}
