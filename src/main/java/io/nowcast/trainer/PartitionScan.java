package io.nowcast.trainer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads assigned partitions from given start offsets up to fixed end offsets with a plain consumer
 * (no group, no commits) and hands every record to a callback. Records appended after the end
 * offsets were fixed are not read, so a scan always terminates on a live topic.
 */
final class PartitionScan {

  private static final Duration POLL = Duration.ofMillis(200);

  private PartitionScan() {}

  /**
   * @throws TimeoutException when the partitions are not read up to their ends by {@code deadline}
   */
  static void read(
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
      Map<TopicPartition, Long> starts,
      Map<TopicPartition, Long> ends,
      Instant deadline,
      Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    scan(consumer, starts, ends, deadline, null, sink);
  }

  /**
   * Like {@link #read}, for scans whose length depends on the data (a fleet's history): fails only
   * when the scan makes no progress for {@code stall}, however long it takes in all.
   *
   * @throws TimeoutException when no record arrived and no position moved for {@code stall}
   */
  static void readWhileProgressing(
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
      Map<TopicPartition, Long> starts,
      Map<TopicPartition, Long> ends,
      Duration stall,
      Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    scan(consumer, starts, ends, Instant.now().plus(stall), stall, sink);
  }

  /**
   * @param extension when not null, every poll that moves a position pushes the deadline to now +
   *     extension
   */
  private static void scan(
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
      Map<TopicPartition, Long> starts,
      Map<TopicPartition, Long> ends,
      Instant firstDeadline,
      Duration extension,
      Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    Map<TopicPartition, Long> pending = new HashMap<>();
    starts.forEach(
        (partition, start) -> {
          if (start < ends.get(partition)) {
            pending.put(partition, ends.get(partition));
          }
        });
    consumer.assign(pending.keySet());
    pending.keySet().forEach(partition -> consumer.seek(partition, starts.get(partition)));
    Instant deadline = firstDeadline;
    long positions = positions(consumer, pending);
    while (!pending.isEmpty()) {
      if (Instant.now().isAfter(deadline)) {
        throw new TimeoutException(
            "reading "
                + pending.keySet()
                + " did not reach offsets "
                + pending
                + " by "
                + deadline
                + (extension == null ? "" : " (no progress for " + extension + ")"));
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        Long end = pending.get(new TopicPartition(record.topic(), record.partition()));
        if (end != null && record.offset() < end) {
          sink.accept(record);
        }
      }
      long moved = positions(consumer, pending);
      if (extension != null && moved != positions) {
        deadline = Instant.now().plus(extension);
      }
      positions = moved;
      // Positions, not record offsets, decide: transaction markers occupy offsets no record
      // carries.
      pending.entrySet().removeIf(entry -> consumer.position(entry.getKey()) >= entry.getValue());
    }
    consumer.assign(List.of());
  }

  /** The sum of the pending partitions' positions: it changes when the scan moves on. */
  private static long positions(
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
      Map<TopicPartition, Long> pending) {
    long sum = 0;
    for (TopicPartition partition : pending.keySet()) {
      sum += consumer.position(partition);
    }
    return sum;
  }
}
