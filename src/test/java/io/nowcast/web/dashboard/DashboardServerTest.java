package io.nowcast.web.dashboard;

import static io.nowcast.web.dashboard.TestForecasts.accuracy;
import static io.nowcast.web.dashboard.TestForecasts.forecast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nowcast.web.NowcastHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's routes and event stream over loopback HTTP. */
class DashboardServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private DashboardFeed feed;
  private NowcastHttpServer server;

  @BeforeEach
  void start() {
    // Hourly broadcasts: the tests trigger each one, so what every event holds is deterministic.
    feed =
        new DashboardFeed(
            new DashboardSettings(100, 10, 4, Duration.ofHours(1), 3, 16, Duration.ofSeconds(5)));
    server =
        DashboardServer.mount(
                NowcastHttpServer.builder()
                    .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                feed)
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    feed.close();
    server.close();
  }

  @Test
  void pageAndChartLibraryAreServedFromTheJar() throws Exception {
    HttpResponse<String> page = get("/");
    assertEquals(200, page.statusCode());
    assertTrue(
        page.body().contains(DashboardServer.UPLOT_SCRIPT_PATH), "page loads uPlot from the jar");
    assertTrue(page.body().contains("/dashboard.js"));

    HttpResponse<String> uplot = get(DashboardServer.UPLOT_SCRIPT_PATH);
    assertEquals(200, uplot.statusCode());
    assertTrue(uplot.body().contains("uPlot"), "the webjar's script");
    assertEquals(200, get(DashboardServer.UPLOT_STYLE_PATH).statusCode());
    assertEquals(200, get("/dashboard.js").statusCode());
  }

  @Test
  void restRoutesAnswerJsonAndUnknownSensorsAre404() throws Exception {
    feed.onForecast(forecast("room 1/temp", 0, 7));
    HttpResponse<String> sensors = get(DashboardServer.SENSORS_PATH);
    assertEquals(200, sensors.statusCode());
    assertTrue(
        sensors.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    assertEquals(
        "room 1/temp",
        JSON.readTree(sensors.body()).get("sensors").get(0).get("sensor_id").asText());

    HttpResponse<String> history = get("/api/dashboard/sensors/room%201%2Ftemp/history");
    assertEquals(200, history.statusCode(), history.body());
    assertEquals(1, JSON.readTree(history.body()).get("points").get("mean").size());

    HttpResponse<String> unknown = get("/api/dashboard/sensors/nobody/history");
    assertEquals(404, unknown.statusCode());
    JsonNode error = JSON.readTree(unknown.body());
    assertEquals("unknown sensor", error.get("error").asText());
    assertEquals("nobody", error.get("sensor_id").asText());
  }

  @Test
  void streamSaysHelloThenSendsCoalescedUpdates() throws Exception {
    feed.onModelInstalled("temperature", 7, Instant.ofEpochMilli(TestForecasts.T0));
    try (SseTestClient page = new SseTestClient(server.port(), DashboardServer.STREAM_PATH)) {
      JsonNode hello = JSON.readTree(page.next("hello").data());
      assertEquals(7, hello.get("model").get("version").asLong());

      feed.onForecast(forecast("room-1", 0, 7));
      feed.onForecast(forecast("room-1", 1, 8));
      feed.onAccuracy(accuracy("room-1", 0.4, 0.6));
      feed.broadcast();

      JsonNode update = JSON.readTree(page.next("update").data());
      assertEquals(2, update.get("forecasts").size(), "both forecasts in one event");
      JsonNode second = update.get("forecasts").get(1);
      assertEquals("room-1", second.get("sensor_id").asText());
      assertEquals(1.5, second.get("mean").asDouble());
      assertEquals(8, second.get("model_version").asLong());
      assertEquals(0.6, update.get("accuracy").get(0).get("persistence_mae").asDouble());
      assertEquals(8, update.get("model_changes").get(0).get("to").asLong());
      assertEquals(
          7,
          update.get("installed").get(0).get("version").asLong(),
          "installs since the last broadcast");
    }
  }

  @Test
  void tooManyPendingForecastsTurnIntoAResync() throws Exception {
    try (SseTestClient page = new SseTestClient(server.port(), DashboardServer.STREAM_PATH)) {
      page.next("hello");
      for (int i = 0; i < 5; i++) {
        feed.onForecast(forecast("room-1", i, 1));
      }
      feed.broadcast();
      assertEquals("resync", page.next().name(), "maxPendingPoints = 3 was exceeded");
      assertEquals(
          5,
          JSON.readTree(feed.historyJson("room-1").orElseThrow()).get("forecasts").asLong(),
          "the history still has every forecast; only the stream was coalesced");
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
