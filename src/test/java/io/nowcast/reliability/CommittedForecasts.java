package io.nowcast.reliability;

import io.nowcast.avro.Forecast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A {@code read_committed} reader of the forecast topic that keeps everything it has seen: what a
 * downstream consumer sees, so aborted transactions of a killed forecaster must never show up.
 */
final class CommittedForecasts implements AutoCloseable {

  private final KafkaConsumer<byte[], Forecast> consumer;
  private final List<Forecast> seen = new ArrayList<>();

  CommittedForecasts(String bootstrapServers, String topic, Deserializer<Forecast> values) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "reliability-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), values);
    consumer.subscribe(List.of(topic));
  }

  /** Polls once briefly and returns how many committed forecasts have been seen so far. */
  int poll() {
    consumer.poll(Duration.ofMillis(20)).forEach(record -> seen.add(record.value()));
    return seen.size();
  }

  /** Polls until at least {@code count} forecasts came or {@code timeout} passed; returns all seen. */
  List<Forecast> awaitAtLeast(int count, Duration timeout) {
    Poll.until(timeout, () -> poll() >= count, () -> seen.size() + " of " + count + " committed forecasts");
    return List.copyOf(seen);
  }

  /**
   * Keeps polling for {@code quiet} more, to catch a duplicate that would arrive after the expected
   * count, then returns all seen.
   */
  List<Forecast> drain(Duration quiet) {
    long deadline = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(100)).forEach(record -> seen.add(record.value()));
    }
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
