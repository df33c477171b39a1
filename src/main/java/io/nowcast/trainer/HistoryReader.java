package io.nowcast.trainer;

import io.nowcast.avro.SensorReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the training history from the input topics: finds the newest record over all partitions,
 * fixes the window {@code history} back from it ({@link HistoryWindow}), finds each partition's
 * start with {@code offsetsForTimes} and reads up to the end offsets taken before the scan began.
 */
final class HistoryReader {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryReader.class);

  /**
   * Records read back from each partition's end to find its newest timestamp: a few, because the
   * last offsets may be transaction markers and record timestamps need not be monotonic.
   */
  static final int TAIL_RECORDS = 16;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deserializer<SensorReading> readings;

  /**
   * @param consumer a byte-array consumer used by assignment only (no group membership, no commits)
   * @param readings maps a record value to a reading (the configured {@code nowcast.input.format})
   */
  HistoryReader(KafkaConsumer<byte[], byte[]> consumer, Deserializer<SensorReading> readings) {
    this.consumer = consumer;
    this.readings = readings;
  }

  /** What was read, and the window it came from (empty when the topics hold no record). */
  record Read(History history, Optional<HistoryWindow> window, List<String> topics) {}

  Read read(List<String> topics, Optional<Pattern> pattern, Duration history, Instant deadline) {
    List<String> inputTopics = pattern.map(p -> matchingTopics(p, deadline)).orElse(topics);
    List<TopicPartition> partitions = partitionsOf(inputTopics, deadline);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
    Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, remaining(deadline));
    Optional<Long> newest = newestTimestamp(begins, ends, deadline);
    History result = new History();
    if (newest.isEmpty()) {
      return new Read(result, Optional.empty(), inputTopics);
    }
    HistoryWindow window = HistoryWindow.endingAt(newest.get(), history);
    Map<TopicPartition, Long> times = new HashMap<>();
    partitions.forEach(partition -> times.put(partition, window.start()));
    Map<TopicPartition, OffsetAndTimestamp> found =
        consumer.offsetsForTimes(times, remaining(deadline));
    Map<TopicPartition, Long> starts = HistoryWindow.startOffsets(found, ends);
    PartitionScan.read(consumer, starts, ends, deadline, record -> collect(record, result));
    LOG.info(
        "read {} keys from {} ({} unusable records), window {} .. {}",
        result.keys(),
        inputTopics,
        result.unreadable(),
        Instant.ofEpochMilli(window.start()),
        Instant.ofEpochMilli(window.newest()));
    return new Read(result, Optional.of(window), inputTopics);
  }

  private List<String> matchingTopics(Pattern pattern, Instant deadline) {
    return consumer.listTopics(remaining(deadline)).keySet().stream()
        .filter(topic -> pattern.matcher(topic).matches())
        .sorted()
        .toList();
  }

  private List<TopicPartition> partitionsOf(List<String> topics, Instant deadline) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
      if (infos == null || infos.isEmpty()) {
        LOG.warn(
            "input topic '{}' does not exist or has no partitions; nothing read from it", topic);
        continue;
      }
      infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    }
    return partitions;
  }

  /**
   * The largest record timestamp among the last {@link #TAIL_RECORDS} offsets of every partition.
   */
  private Optional<Long> newestTimestamp(
      Map<TopicPartition, Long> begins, Map<TopicPartition, Long> ends, Instant deadline) {
    Map<TopicPartition, Long> tails = new HashMap<>();
    ends.forEach(
        (partition, end) ->
            tails.put(partition, Math.max(begins.get(partition), end - TAIL_RECORDS)));
    long[] newest = {Long.MIN_VALUE};
    PartitionScan.read(
        consumer,
        tails,
        ends,
        deadline,
        record -> newest[0] = Math.max(newest[0], record.timestamp()));
    return newest[0] == Long.MIN_VALUE ? Optional.empty() : Optional.of(newest[0]);
  }

  private void collect(ConsumerRecord<byte[], byte[]> record, History history) {
    SensorReading reading;
    try {
      reading = readings.deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      history.countUnreadable();
      LOG.debug(
          "skipping {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return;
    }
    if (reading == null || !Double.isFinite(reading.getValue())) {
      history.countUnreadable();
      return;
    }
    history.add(reading.getSensorId(), reading.getTimestamp().toEpochMilli(), reading.getValue());
  }

  private static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
