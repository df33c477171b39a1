package io.nowcast.reliability;

import io.nowcast.avro.Forecast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A {@code read_committed} reader of the forecast topic that keeps everything it has seen: what a
 * downstream consumer sees, so aborted transactions of a killed forecaster must never show up.
 */
final class CommittedForecasts implements AutoCloseable {

  private final KafkaConsumer<byte[], Forecast> consumer;
  private final List<Forecast> seen = new ArrayList<>();
  private final Map<TopicPartition, Long> lastOffsets = new HashMap<>();
  private int rewinds;
  private final Set<ReliabilityFixtures.ForecastKey> distinct = new HashSet<>();

  CommittedForecasts(String bootstrapServers, String topic, Deserializer<Forecast> values) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            "reliability-reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), values);
    consumer.subscribe(List.of(topic));
  }

  /** Polls once briefly and returns how many committed forecasts have been seen so far. */
  int poll() {
    consumer.poll(Duration.ofMillis(20)).forEach(this::keep);
    return seen.size();
  }

  /**
   * Polls until {@code count} different (sensor, timestamp) forecasts came or {@code timeout}
   * passed: progress that a reader's re-read cannot inflate.
   */
  void awaitDistinct(int count, Duration timeout) {
    Poll.until(
        timeout,
        () -> {
          poll();
          return distinct.size() >= count;
        },
        () ->
            distinct.size()
                + " of "
                + count
                + " distinct committed forecasts ("
                + seen.size()
                + " received)");
  }

  /**
   * How many times a partition delivered an offset at or below one it had delivered before: the
   * reader's position was reset and it re-read (a reader artefact, not duplicates in the topic).
   */
  int rewinds() {
    return rewinds;
  }

  /**
   * Reads {@code topic} once, from the beginning to its end offsets at the time of the call, with a
   * fresh group-less {@code read_committed} consumer: exactly what the topic holds for a downstream
   * reader, independent of any reader's position history. Fails after {@code timeout}.
   */
  static List<Forecast> readOnce(
      String bootstrapServers, String topic, Deserializer<Forecast> values, Duration timeout) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    try (KafkaConsumer<byte[], Forecast> once =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), values)) {
      List<TopicPartition> partitions =
          once.partitionsFor(topic, timeout).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      once.assign(partitions);
      once.seekToBeginning(partitions);
      // Under read_committed the end offsets are the last stable offsets: nothing undecided is
      // awaited.
      Map<TopicPartition, Long> ends = once.endOffsets(partitions, timeout);
      List<Forecast> all = new ArrayList<>();
      Poll.until(
          timeout,
          () -> {
            once.poll(Duration.ofMillis(100)).forEach(record -> all.add(record.value()));
            return partitions.stream().allMatch(p -> once.position(p, timeout) >= ends.get(p));
          },
          () ->
              topic + " read to its end offsets " + ends + " (" + all.size() + " records so far)");
      return all;
    }
  }

  /**
   * Polls until at least {@code count} forecasts came or {@code timeout} passed; returns all seen.
   */
  List<Forecast> awaitAtLeast(int count, Duration timeout) {
    Poll.until(
        timeout,
        () -> poll() >= count,
        () -> seen.size() + " of " + count + " committed forecasts");
    return List.copyOf(seen);
  }

  /**
   * Keeps polling for {@code quiet} more, to catch a duplicate that would arrive after the expected
   * count, then returns all seen.
   */
  List<Forecast> drain(Duration quiet) {
    long deadline = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(100)).forEach(this::keep);
    }
    return List.copyOf(seen);
  }

  private void keep(ConsumerRecord<byte[], Forecast> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    Long last = lastOffsets.put(partition, record.offset());
    if (last != null && record.offset() <= last) {
      rewinds++;
    }
    seen.add(record.value());
    distinct.add(ReliabilityFixtures.ForecastKey.of(record.value()));
  }

  @Override
  public void close() {
    consumer.close();
  }
}
