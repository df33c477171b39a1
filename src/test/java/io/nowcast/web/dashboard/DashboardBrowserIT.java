package io.nowcast.web.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nowcast.avro.AccuracyReport;
import io.nowcast.testing.HeadlessChromium;
import io.nowcast.web.NowcastHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as a user sees it: headless Chromium opens the page served on loopback while a
 * producer thread replays two NAB series through a stand-in forecaster, first as model v1 (before
 * the page opens: the initial load), then as v2 (while it is open: the event stream).
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them);
 * skipped without them. With {@code -Dnowcast.dashboard.screenshot=docs/dashboard.png} it saves a
 * screenshot there.
 */
class DashboardBrowserIT {

  private static final String SCREENSHOT_PROPERTY = "nowcast.dashboard.screenshot";
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Map<String, String> SERIES =
      Map.of(
          "ambient-temperature", "/nab/ambient_temperature_system_failure.csv",
          "machine-temperature", "/nab/machine_temperature_system_failure.csv");
  private static final int FIRST_PHASE_ROWS = 1000;

  @TempDir Path profile;

  private DashboardFeed feed;
  private NowcastHttpServer server;
  private HeadlessChromium browser;

  @BeforeEach
  void start() {
    assumeTrue(
        HeadlessChromium.available(),
        "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
    feed = new DashboardFeed();
    server =
        DashboardServer.mount(
                NowcastHttpServer.builder()
                    .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                feed)
            .build()
            .start();
    browser = new HeadlessChromium(profile, PATIENCE);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (feed != null) {
      feed.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void chartShowsForecastsAndTheModelVersionFollowsTheStream() throws Exception {
    Replay replay = new Replay(feed);
    replay.phase(0, FIRST_PHASE_ROWS, 1);

    browser.open("http://127.0.0.1:" + server.port() + DashboardServer.PAGE_PATH);
    browser.waitUntil(
        "the chart shows forecast points of the first sensor",
        () -> browser.forecastPoints() > 100);
    browser.waitUntil("the model badge shows v1", () -> browser.text("model-badge").contains("v1"));
    assertEquals(
        "ambient-temperature", browser.script("return window.nowcastDashboard.selectedSensor()"));
    assertEquals(SERIES.size(), browser.count("#sensor-rows tr"), "one table row per sensor");

    Thread producer =
        new Thread(
            () -> replay.phase(FIRST_PHASE_ROWS, Integer.MAX_VALUE, 2), "stand-in-forecaster");
    producer.start();
    producer.join(PATIENCE.toMillis());
    assertNull(replay.failure.get(), "the producer failed");

    long lastTimestamp = replay.lastTimestamp("ambient-temperature");
    browser.waitUntil(
        "the live stream brings the last actual", () -> lastActualTimestamp() == lastTimestamp);
    browser.waitUntil("the model badge shows v2", () -> browser.text("model-badge").contains("v2"));
    browser.waitUntil(
        "the header shows the installed model",
        () -> browser.text("current-model").equals("stand-in v2"));
    assertTrue(
        browser.text("model-since").contains("changed from v1"),
        "when the model changed: " + browser.text("model-since"));
    assertTrue(
        browser.text("sensor-accuracy").contains("repeat-last-value"), "rolling accuracy shown");
    assertTrue(
        browser.forecastPoints() > 500,
        "chart keeps a long forecast history, got " + browser.forecastPoints());
    saveScreenshotIfAsked();
  }

  /** Replays the NAB series through stand-in forecasters into the feed, as the forecaster would. */
  private static final class Replay {
    private final DashboardFeed feed;
    private final Map<String, List<StandInForecaster.Reading>> readings;
    private final Map<String, StandInForecaster> forecasters;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Replay(DashboardFeed feed) {
      this.feed = feed;
      this.readings =
          Map.of(
              "ambient-temperature", StandInForecaster.readNab(SERIES.get("ambient-temperature")),
              "machine-temperature", StandInForecaster.readNab(SERIES.get("machine-temperature")));
      this.forecasters =
          Map.of(
              "ambient-temperature", new StandInForecaster("ambient-temperature"),
              "machine-temperature", new StandInForecaster("machine-temperature"));
    }

    void phase(int fromRow, int toRow, long version) {
      try {
        feed.onModelInstalled(StandInForecaster.MODEL_NAME, version, Instant.now());
        readings.forEach(
            (sensor, rows) -> {
              StandInForecaster forecaster = forecasters.get(sensor);
              for (StandInForecaster.Reading reading :
                  rows.subList(fromRow, Math.min(toRow, rows.size()))) {
                feed.onForecast(forecaster.forecast(reading, version));
                AccuracyReport report = forecaster.accuracyReport(reading.timestamp(), version);
                if (report != null) {
                  feed.onAccuracy(report);
                }
              }
            });
      } catch (RuntimeException e) {
        failure.set(e);
      }
    }

    long lastTimestamp(String sensor) {
      List<StandInForecaster.Reading> rows = readings.get(sensor);
      return rows.get(rows.size() - 1).timestamp().toEpochMilli();
    }
  }

  private long lastActualTimestamp() {
    return ((Number)
            browser.script(
                "return window.nowcastDashboard ? window.nowcastDashboard.lastActualTimestamp() : -1"))
        .longValue();
  }

  private void saveScreenshotIfAsked() throws IOException {
    String target = System.getProperty(SCREENSHOT_PROPERTY);
    if (target == null || target.isBlank()) {
      return;
    }
    Path destination = Path.of(target);
    browser.screenshot(destination);
    assertTrue(
        Files.size(destination) > 10_000, "screenshot written to " + destination.toAbsolutePath());
  }
}
