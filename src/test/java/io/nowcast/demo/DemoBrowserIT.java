package io.nowcast.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nowcast.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a user meets it: the real demo (broker, replay, trainer, forecaster) on a free port,
 * and headless Chromium on its URL, until the chart of a sensor shows forecast points and the model
 * version appears; then a click on another sensor charts it, with its rolling accuracy. With {@code
 * -Dnowcast.dashboard.screenshot=$PWD/docs/dashboard.png} it saves the screenshot the README shows.
 * Skipped without Debian's {@code chromium} and {@code chromium-driver}.
 */
class DemoBrowserIT {

  private static final String SCREENSHOT_PROPERTY = "nowcast.dashboard.screenshot";

  /** The first model takes about 30 s on a busy 2-core machine; forecasts follow it. */
  private static final Duration PATIENCE = Duration.ofSeconds(75);

  private static final int ENOUGH_POINTS = 30;

  /** A 5-minute series: at the default speed its accuracy reports come every few seconds. */
  private static final String FAST_SENSOR = "machine-temperature";

  /** True when no cell of the sensor table is pushed out of the card's visible width. */
  private static final String TABLE_FITS_ITS_CARD =
      "const box = document.querySelector('.sensors .table-scroll'); return box.scrollWidth <= box.clientWidth;";

  @TempDir Path profile;

  @Test
  void dashboardShowsForecastsAndTheModelVersionOfTheRealDemo() throws Exception {
    assumeTrue(
        HeadlessChromium.available(),
        "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
    try (Demo demo = Demo.start(DemoSettings.of(0, DemoSettings.DEFAULT_SPEED));
        HeadlessChromium browser = new HeadlessChromium(profile, PATIENCE)) {
      browser.open(demo.url() + "/");
      browser.waitUntil(
          "the model version appears in the header",
          () -> browser.text("current-model").matches("demo v\\d+"));
      browser.waitUntil(
          "the chart of the selected sensor shows forecast points",
          () -> browser.forecastPoints() >= ENOUGH_POINTS);
      browser.waitUntil(
          "the model badge of the sensor shows its version",
          () -> browser.text("model-badge").matches(".*v\\d+.*"));
      browser.waitUntil(
          "every bundled sensor is listed",
          () -> browser.count("#sensor-rows tr") == DemoSeries.BUNDLED.size());
      assertTrue(
          DemoSeries.BUNDLED.stream()
              .anyMatch(series -> browser.text("sensor-title").contains(series.sensorId())),
          "the chart is titled with a bundled sensor: " + browser.text("sensor-title"));

      browser.click("#sensor-rows tr[data-sensor='" + FAST_SENSOR + "']");
      browser.waitUntil(
          "a click charts " + FAST_SENSOR,
          () ->
              FAST_SENSOR.equals(
                  browser.script("return window.nowcastDashboard.selectedSensor()")));
      browser.waitUntil(
          "its chart shows forecast points", () -> browser.forecastPoints() >= ENOUGH_POINTS);
      browser.waitUntil(
          "its rolling accuracy against repeat-last-value appears",
          () -> browser.text("sensor-accuracy").contains("repeat-last-value"));
      // Read in one script call: the rows are re-rendered on every event, so element handles go
      // stale.
      browser.waitUntil(
          "every row has its rolling MAE",
          () ->
              !String.valueOf(
                      browser.script("return document.getElementById('sensor-rows').textContent"))
                  .contains("–"));
      assertEquals(
          Boolean.TRUE,
          browser.script(TABLE_FITS_ITS_CARD),
          "the sensor table (NYC taxi counts beside temperatures) fits its card without scrolling");
      saveScreenshotIfAsked(browser);
    }
  }

  private static void saveScreenshotIfAsked(HeadlessChromium browser) throws Exception {
    String target = System.getProperty(SCREENSHOT_PROPERTY);
    if (target == null || target.isBlank()) {
      return;
    }
    Path destination = Paths.get(target).toAbsolutePath();
    browser.screenshot(destination);
    assertTrue(Files.size(destination) > 10_000, "screenshot written to " + destination);
  }
}
