package io.nowcast.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The figures of one run, in the shape of the bench JSON contract (docs/benchmarks.md).
 *
 * @param passthroughEps events/s of the stateful pass-through topology
 * @param forecasterEps events/s of the forecaster
 * @param latencyP50Ms median event-time-to-committed-forecast latency at {@code latencyRateEps}
 * @param latencyP99Ms 99th percentile of that latency
 * @param latencyRateEps input rate of the latency phase
 * @param events events consumed by each topology in the throughput phase
 * @param keys distinct keys
 * @param partitions input partitions
 * @param stateBytes size of the per-key state blob both topologies store
 * @param forecastBytes serialized size of the Forecast-sized record both emit
 * @param commitIntervalMs the Kafka Streams commit interval (it bounds the latency under EOS)
 */
public record BenchResult(
    double passthroughEps,
    double forecasterEps,
    double latencyP50Ms,
    double latencyP99Ms,
    double latencyRateEps,
    int events,
    int keys,
    int partitions,
    int stateBytes,
    int forecastBytes,
    long commitIntervalMs) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** forecaster / pass-through throughput; the target is at least 0.90. */
  public double ratio() {
    return forecasterEps / passthroughEps;
  }

  /** The contract's JSON object (ratio at the top level), plus the sizes and commit interval. */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("passthrough_eps", round(passthroughEps, 1));
    node.put("forecaster_eps", round(forecasterEps, 1));
    node.put("ratio", round(ratio(), 4));
    node.put("latency_p50_ms", round(latencyP50Ms, 1));
    node.put("latency_p99_ms", round(latencyP99Ms, 1));
    node.put("latency_rate_eps", round(latencyRateEps, 1));
    node.put("events", events);
    node.put("keys", keys);
    node.put("partitions", partitions);
    node.put("state_bytes", stateBytes);
    node.put("forecast_bytes", forecastBytes);
    node.put("commit_interval_ms", commitIntervalMs);
    return node.toString();
  }

  /** A human-readable table. */
  public String toTable() {
    return String.format(
        Locale.ROOT,
        """
        events %d, keys %d, partitions %d, state blob %d B, forecast record %d B
        pass-through   %,10.0f events/s
        forecaster     %,10.0f events/s
        ratio          %10.3f   (target >= 0.90)
        latency at %,.0f events/s: p50 %.1f ms, p99 %.1f ms (EOS commit interval %d ms dominates)
        """,
        events,
        keys,
        partitions,
        stateBytes,
        forecastBytes,
        passthroughEps,
        forecasterEps,
        ratio(),
        latencyRateEps,
        latencyP50Ms,
        latencyP99Ms,
        commitIntervalMs);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
