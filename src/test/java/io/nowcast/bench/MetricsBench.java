package io.nowcast.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nowcast.engine.SkipReason;
import io.nowcast.metrics.NowcastMetrics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-event cost of the meters the forecaster touches on every record (Prometheus registry, as in
 * production).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsBench {

  private NowcastMetrics metrics;

  @Setup
  public void setUp() {
    metrics = new NowcastMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** One forecast counted. */
  @Benchmark
  public void countForecast() {
    metrics.forecastEmitted();
  }

  /** One skipped record counted under its reason label. */
  @Benchmark
  public void countSkipped() {
    metrics.recordSkipped(SkipReason.OUT_OF_ORDER);
  }

  /** One step duration recorded into the bucketed histogram. */
  @Benchmark
  public void recordStep() {
    metrics.stepTook(12_345);
  }

  /** What one event costs in total: step time plus the forecast count. */
  @Benchmark
  public void perEvent() {
    metrics.stepTook(12_345);
    metrics.forecastEmitted();
  }
}
