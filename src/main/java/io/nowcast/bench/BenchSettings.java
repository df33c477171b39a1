package io.nowcast.bench;

import java.time.Duration;

/**
 * What one bench run does.
 *
 * @param events readings preloaded and consumed by each topology
 * @param keys distinct sensors the readings are spread over (round robin)
 * @param partitions partitions of the input and output topics
 * @param rate input rate of the latency phase in events/s; 0 means half the measured forecaster
 *     throughput
 * @param warmup output records counted before the throughput clock starts (JIT, RocksDB and
 *     producer warm-up); 0 starts the clock when Kafka Streams reaches RUNNING
 * @param streamThreads {@code num.stream.threads} of both topologies
 * @param latencyDuration how long the latency phase produces readings
 */
public record BenchSettings(
    int events,
    int keys,
    int partitions,
    double rate,
    int warmup,
    int streamThreads,
    Duration latencyDuration) {

  /**
   * The default run: 500k events over 1,000 keys and 4 partitions, 2 stream threads, 20 s of
   * latency.
   */
  public static final BenchSettings DEFAULT =
      new BenchSettings(500_000, 1_000, 4, 0, 20_000, 2, Duration.ofSeconds(20));

  /** A short run for tests and smoke checks: 50k events, 5 s of latency. */
  public static final BenchSettings QUICK =
      new BenchSettings(50_000, 1_000, 4, 0, 5_000, 2, Duration.ofSeconds(5));

  public BenchSettings {
    requirePositive("events", events);
    requirePositive("keys", keys);
    requirePositive("partitions", partitions);
    requirePositive("stream threads", streamThreads);
    if (rate < 0 || Double.isNaN(rate)) {
      throw new IllegalArgumentException(
          "rate must be >= 0 events/s (0 = half the forecaster throughput), got " + rate);
    }
    if (warmup < 0 || warmup >= events) {
      throw new IllegalArgumentException(
          "warmup must be in [0, events = " + events + "), got " + warmup);
    }
    if (latencyDuration.isNegative() || latencyDuration.isZero()) {
      throw new IllegalArgumentException(
          "latency duration must be positive, got " + latencyDuration);
    }
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** Readings per key in the preload (the last key may get one fewer). */
  public int readingsPerKey() {
    return (events + keys - 1) / keys;
  }
}
