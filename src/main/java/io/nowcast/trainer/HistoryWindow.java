package io.nowcast.trainer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * The time window of history the trainer reads: {@code history} back from the newest record in the
 * input topics, not from the wall clock, so that replayed (old) data is trained on as if it were
 * live.
 *
 * @param start record timestamp (ms) of the window's first record: newest − history
 * @param newest record timestamp (ms) of the newest record over all input partitions
 */
record HistoryWindow(long start, long newest) {

  /**
   * The window of length {@code history} ending at {@code newest}; clamps at 0 rather than
   * overflowing.
   */
  static HistoryWindow endingAt(long newest, Duration history) {
    long length = history.toMillis();
    return new HistoryWindow(Math.max(0, newest - length), newest);
  }

  /**
   * Where to start reading each partition: the offset {@code offsetsForTimes(start)} found, or the
   * end offset when the partition has no record at or after {@code start} (nothing to read there).
   *
   * @param found the consumer's {@code offsetsForTimes} answer (values null when no record
   *     qualifies)
   * @param endOffsets the partitions' end offsets at the time the window was fixed
   */
  static Map<TopicPartition, Long> startOffsets(
      Map<TopicPartition, OffsetAndTimestamp> found, Map<TopicPartition, Long> endOffsets) {
    Map<TopicPartition, Long> starts = new HashMap<>();
    endOffsets.forEach(
        (partition, end) -> {
          OffsetAndTimestamp hit = found.get(partition);
          starts.put(partition, hit == null ? end : Math.min(hit.offset(), end));
        });
    return starts;
  }
}
