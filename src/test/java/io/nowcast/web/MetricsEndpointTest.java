package io.nowcast.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nowcast.engine.SkipReason;
import io.nowcast.metrics.NowcastMetrics;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The documented metric names (docs/operations-http.md), exactly as a Prometheus scraper sees them
 * over HTTP.
 */
class MetricsEndpointTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final NowcastMetrics metrics = new NowcastMetrics(registry);
  private NowcastHttpServer server;

  @BeforeEach
  void start() {
    server = NowcastHttpServer.builder().metrics(registry).build().start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * Sample lines of the exposition ({@code name{labels} value}), keyed by everything before the
   * value.
   */
  private Map<String, Double> scrape() throws Exception {
    HttpResponse<String> response = Http.get(server, "/metrics");
    assertEquals(200, response.statusCode());
    assertEquals(
        NowcastHttpServer.PROMETHEUS_CONTENT_TYPE,
        response.headers().firstValue("Content-Type").orElseThrow());
    Map<String, Double> samples = new TreeMap<>();
    for (String line : response.body().split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return samples;
  }

  @Test
  void exposesEveryCounterUnderItsExactNameWithItsValue() throws Exception {
    metrics.forecastEmitted();
    metrics.forecastEmitted();
    metrics.forecastEmitted();
    metrics.deadLettered();
    metrics.recordSkipped(SkipReason.OUT_OF_ORDER);
    metrics.recordSkipped(SkipReason.OUT_OF_ORDER);
    metrics.modelRefused();
    metrics.rewarmed();
    metrics.noModel();
    metrics.noModel();

    Map<String, Double> samples = scrape();

    assertEquals(3.0, samples.get("nowcast_forecasts_total"), samples.toString());
    assertEquals(1.0, samples.get("nowcast_dead_letters_total"));
    assertEquals(2.0, samples.get("nowcast_records_skipped_total{reason=\"out_of_order\"}"));
    assertEquals(0.0, samples.get("nowcast_records_skipped_total{reason=\"duplicate\"}"));
    assertEquals(1.0, samples.get("nowcast_models_refused_total"));
    assertEquals(0.0, samples.get("nowcast_models_installed_total"));
    assertEquals(1.0, samples.get("nowcast_rewarms_total"));
    assertEquals(2.0, samples.get("nowcast_no_model_total"));
  }

  @Test
  void modelVersionGaugeFollowsInstalls() throws Exception {
    double before = scrape().get("nowcast_model_version");
    metrics.modelInstalled(12);

    Map<String, Double> samples = scrape();

    assertEquals(-1.0, before);
    assertEquals(12.0, samples.get("nowcast_model_version"));
    assertEquals(1.0, samples.get("nowcast_models_installed_total"));
  }

  @Test
  void stepTimeIsAHistogramInSecondsWithBuckets() throws Exception {
    metrics.stepTook(3_000);
    metrics.stepTook(40_000);

    Map<String, Double> samples = scrape();

    assertEquals(2.0, samples.get("nowcast_step_seconds_count"));
    assertEquals(43e-6, samples.get("nowcast_step_seconds_sum"), 1e-12);
    assertEquals(
        0.0, samples.get("nowcast_step_seconds_bucket{le=\"2.5E-6\"}"), samples.toString());
    assertEquals(1.0, samples.get("nowcast_step_seconds_bucket{le=\"5.0E-6\"}"));
    assertEquals(2.0, samples.get("nowcast_step_seconds_bucket{le=\"5.0E-5\"}"));
    assertEquals(2.0, samples.get("nowcast_step_seconds_bucket{le=\"+Inf\"}"));
    assertTrue(
        samples.keySet().stream()
            .noneMatch(name -> name.startsWith("nowcast_step_seconds_max_total")));
  }
}
