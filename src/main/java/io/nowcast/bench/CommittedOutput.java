package io.nowcast.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A read_committed consumer of one output topic, from its beginning or its end: it sees an output
 * only once the transaction that wrote it committed, which is when a downstream reader could act on
 * it. It never decodes values: counting and record timestamps (the event time, which Kafka Streams
 * keeps on every output) are all the bench needs.
 */
final class CommittedOutput implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(50);
  private final KafkaConsumer<byte[], byte[]> consumer;

  /**
   * @param fromEnd start at the topic's current end rather than its beginning
   */
  CommittedOutput(String bootstrapServers, String topic, int partitions, boolean fromEnd) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> assigned =
        IntStream.range(0, partitions)
            .mapToObj(partition -> new TopicPartition(topic, partition))
            .toList();
    consumer.assign(assigned);
    if (fromEnd) {
      consumer.seekToEnd(assigned);
      assigned.forEach(consumer::position); // resolves the end now, before anything new is produced
    } else {
      consumer.seekToBeginning(assigned);
    }
  }

  /**
   * Polls until {@code warmup} and then {@code expected} records were seen in total.
   *
   * @param clockStartNanos the start of the clock when {@code warmup} is 0
   * @return the throughput: records seen after the clock started, per second
   * @throws IllegalStateException naming both counts if {@code deadline} passes first
   */
  double throughput(long expected, long warmup, long clockStartNanos, Duration deadline) {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    long seen = 0;
    long start = warmup == 0 ? clockStartNanos : 0;
    long seenAtStart = 0;
    while (seen < expected) {
      failIfLate(deadlineNanos, seen, expected);
      seen += consumer.poll(POLL).count();
      if (start == 0 && seen >= warmup) {
        start = System.nanoTime();
        seenAtStart = seen;
      }
    }
    return (seen - seenAtStart) / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * Polls until {@code expected} records whose timestamp is at least {@code fromMillis} were seen,
   * giving each one's age in milliseconds (now − event time) to {@code latencies}.
   */
  void latencies(long expected, long fromMillis, Duration deadline, LongConsumer latencies) {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    long counted = 0;
    while (counted < expected) {
      failIfLate(deadlineNanos, counted, expected);
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        if (record.timestamp() >= fromMillis) {
          latencies.accept(System.currentTimeMillis() - record.timestamp());
          counted++;
        }
      }
    }
  }

  private static void failIfLate(long deadlineNanos, long seen, long expected) {
    if (System.nanoTime() > deadlineNanos) {
      throw new IllegalStateException(
          "only " + seen + " of " + expected + " committed outputs were visible in time");
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
