package io.nowcast.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NowcastHttpServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicBoolean ready = new AtomicBoolean(false);
  private NowcastHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private NowcastHttpServer start(SensorDirectory directory) {
    NowcastHttpServer.Builder builder =
        NowcastHttpServer.builder()
            .metrics(registry)
            .readiness(ready::get, () -> "Kafka Streams state is REBALANCING")
            .staticFiles("/web-test-public");
    if (directory != null) {
      builder.sensors(directory);
    }
    server = builder.build().start();
    return server;
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        "expected a JSON answer, got " + response.headers().map());
    return JSON.readTree(response.body());
  }

  @Test
  void bindsAnEphemeralLoopbackPortAndIsLive() throws Exception {
    start(new MapSensorDirectory());

    HttpResponse<String> live = Http.get(server, "/health/live");

    assertTrue(server.port() > 0, "actual port exposed");
    assertEquals(200, live.statusCode());
    assertEquals("live", json(live).get("status").asText());
  }

  @Test
  void readinessFollowsTheProbeAndExplainsWhyNotReady() throws Exception {
    start(new MapSensorDirectory());

    HttpResponse<String> notReady = Http.get(server, "/health/ready");
    ready.set(true);
    HttpResponse<String> nowReady = Http.get(server, "/health/ready");

    assertEquals(503, notReady.statusCode());
    assertEquals("not_ready", json(notReady).get("status").asText());
    assertEquals("Kafka Streams state is REBALANCING", json(notReady).get("reason").asText());
    assertEquals(200, nowReady.statusCode());
    assertEquals("ready", json(nowReady).get("status").asText());
  }

  @Test
  void listsSensorIdsAsAJsonArray() throws Exception {
    start(
        new MapSensorDirectory(
            MapSensorDirectory.view("b-2", 3), MapSensorDirectory.view("a-1", 3)));

    HttpResponse<String> response = Http.get(server, "/api/sensors");

    assertEquals(200, response.statusCode());
    assertEquals(List.of("a-1", "b-2"), JSON.convertValue(json(response), List.class));
  }

  @Test
  void servesTheLatestForecastWithItsModelVersion() throws Exception {
    start(new MapSensorDirectory(MapSensorDirectory.view("room 1/temp", 7)));

    HttpResponse<String> response = Http.get(server, "/api/sensors/room%201%2Ftemp");

    assertEquals(200, response.statusCode());
    JsonNode body = json(response);
    assertEquals("room 1/temp", body.get("sensor_id").asText());
    assertEquals(7, body.get("model_version").asLong());
    assertEquals("temperature", body.get("model_name").asText());
    assertEquals(2, body.get("horizon").size());
    assertEquals(21.75, body.get("horizon").get(0).get("mean").asDouble());
    assertEquals(0.8, body.get("interval_level").asDouble());
    assertEquals(
        MapSensorDirectory.view("room 1/temp", 7), JSON.treeToValue(body, SensorView.class));
  }

  @Test
  void unknownSensorIsA404WithJson() throws Exception {
    start(new MapSensorDirectory());

    HttpResponse<String> response = Http.get(server, "/api/sensors/nope");

    assertEquals(404, response.statusCode());
    assertEquals("unknown sensor", json(response).get("error").asText());
    assertEquals("nope", json(response).get("sensor_id").asText());
  }

  @Test
  void failingDirectoryIsA500WithJsonNotAStackTrace() throws Exception {
    start(new FailingDirectory(new IllegalStateException("store closed")));

    HttpResponse<String> response = Http.get(server, "/api/sensors/x");

    assertEquals(500, response.statusCode());
    assertEquals("IllegalStateException: store closed", json(response).get("error").asText());
  }

  @Test
  void unavailableLookupIsA503WithJson() throws Exception {
    start(
        new FailingDirectory(
            new SensorLookupUnavailableException("instance 10.0.0.2:8080 did not answer")));

    HttpResponse<String> response = Http.get(server, "/api/sensors");

    assertEquals(503, response.statusCode());
    assertEquals("instance 10.0.0.2:8080 did not answer", json(response).get("error").asText());
  }

  @Test
  void sensorRoutesAnswer503UntilADirectoryIsInstalled() throws Exception {
    start(null);

    HttpResponse<String> before = Http.get(server, "/api/sensors");
    server.sensorDirectory(new MapSensorDirectory(MapSensorDirectory.view("s", 1)));
    HttpResponse<String> after = Http.get(server, "/api/sensors");

    assertEquals(503, before.statusCode());
    assertEquals("the sensor store is not open yet", json(before).get("error").asText());
    assertEquals(200, after.statusCode());
    assertEquals("[\"s\"]", after.body());
  }

  @Test
  void unknownRouteIsA404NotAServerError() throws Exception {
    start(new MapSensorDirectory());

    HttpResponse<String> response = Http.get(server, "/no/such/route", "text/html");

    assertEquals(404, response.statusCode());
    assertEquals("Endpoint GET /no/such/route not found", json(response).get("error").asText());
  }

  @Test
  void servesStaticFilesFromTheClasspath() throws Exception {
    start(new MapSensorDirectory());

    HttpResponse<String> page = Http.get(server, "/index.html");

    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("nowcast test page"), page.body());
  }

  @Test
  void servesServerSentEvents() throws Exception {
    server =
        NowcastHttpServer.builder()
            .metrics(registry)
            .sse("/events", client -> client.sendEvent("forecast", "{\"sensor_id\":\"s\"}"))
            .build()
            .start();

    // Javalin answers SSE only to clients that ask for it, as a browser's EventSource does.
    HttpResponse<String> stream = Http.get(server, "/events", "text/event-stream");

    assertEquals(200, stream.statusCode());
    assertTrue(
        stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
        stream.headers().map().toString());
    assertTrue(
        stream.body().contains("event: forecast\ndata: {\"sensor_id\":\"s\"}\n"), stream.body());
  }

  @Test
  void refusesAnOutOfRangePort() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> NowcastHttpServer.builder().port(70_000));
    assertEquals("HTTP port must be in 0..65535, got 70000", e.getMessage());
  }

  /** A directory whose every lookup throws the given exception. */
  private static final class FailingDirectory implements SensorDirectory {
    private final RuntimeException failure;

    FailingDirectory(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public List<String> sensorIds() {
      throw failure;
    }

    @Override
    public Optional<SensorView> sensor(String sensorId) {
      throw failure;
    }
  }
}
