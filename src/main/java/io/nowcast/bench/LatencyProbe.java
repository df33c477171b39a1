package io.nowcast.bench;

import io.nowcast.avro.SensorReading;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The latency phase: a producer sends readings at a fixed rate for a bounded time, each stamped
 * with its send time, while a read_committed consumer of the forecasts measures now − event time of
 * every forecast they cause.
 */
final class LatencyProbe {

  /** Latencies above this count as this (a run this slow is broken anyway). */
  private static final int MAX_MILLIS = 60_000;

  private static final Duration DRAIN = Duration.ofSeconds(60);

  private final String bootstrapServers;
  private final String inputTopic;
  private final String forecastsTopic;
  private final BenchSettings settings;

  LatencyProbe(
      String bootstrapServers, String inputTopic, String forecastsTopic, BenchSettings settings) {
    this.bootstrapServers = bootstrapServers;
    this.inputTopic = inputTopic;
    this.forecastsTopic = forecastsTopic;
    this.settings = settings;
  }

  /**
   * Produces at {@code rate} events/s for the settings' duration; the histogram of forecast
   * latencies.
   */
  LatencyHistogram run(double rate, Serializer<SensorReading> readings) {
    long events = Math.max(1, Math.round(rate * settings.latencyDuration().toMillis() / 1000.0));
    long fromMillis = System.currentTimeMillis();
    LatencyHistogram histogram = new LatencyHistogram(MAX_MILLIS);
    try (CommittedOutput output =
        new CommittedOutput(bootstrapServers, forecastsTopic, settings.partitions(), true)) {
      CompletableFuture<Void> producing =
          CompletableFuture.runAsync(() -> produce(events, rate, readings));
      output.latencies(
          events, fromMillis, settings.latencyDuration().plus(DRAIN), histogram::record);
      producing.join();
    }
    return histogram;
  }

  private void produce(long events, double rate, Serializer<SensorReading> readings) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    long[] lastMillis = new long[settings.keys()];
    SplittableRandom noise = new SplittableRandom(2);
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < events; i++) {
        waitUntil(start + (long) (i * 1e9 / rate));
        int key = (int) (i % settings.keys());
        // Strictly increasing per key, or the forecaster would skip the reading as a duplicate.
        long at = Math.max(System.currentTimeMillis(), lastMillis[key] + 1);
        lastMillis[key] = at;
        SensorReading reading =
            BenchWorkload.reading(key, i / settings.keys(), Instant.ofEpochMilli(at), noise);
        producer.send(
            new ProducerRecord<>(
                inputTopic,
                null,
                at,
                reading.getSensorId(),
                readings.serialize(inputTopic, reading)));
      }
    }
  }

  private static void waitUntil(long dueNanos) {
    long wait;
    while ((wait = dueNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}
