package io.nowcast.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a topic from the beginning in tests, polling until enough records came or a deadline. */
public final class TopicReader {

  private TopicReader() {}

  /**
   * Returns the first {@code expected} records of {@code topic} (fewer if the deadline passes, so
   * the caller's assertion on the count reports what was missing).
   */
  public static <K, V> List<ConsumerRecord<K, V>> read(
      String bootstrapServers,
      String topic,
      Deserializer<K> keys,
      Deserializer<V> values,
      int expected,
      Duration timeout) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            "test-reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, keys, values)) {
      consumer.subscribe(List.of(topic));
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
