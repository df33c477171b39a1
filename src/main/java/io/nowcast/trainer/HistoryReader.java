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
 * Every record is decoded and counted; whether its reading is kept is decided there and then by the
 * {@link History} (the budget and the rotating key sample), so a fleet larger than the budget never
 * passes through memory whole.
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
  private final Budget budget;

  /**
   * What a cycle may keep.
   *
   * @param maxPoints readings kept over all keys ({@code nowcast.trainer.max.points})
   * @param maxPointsPerKey newest readings kept per key
   * @param minPointsPerKey readings a key counts against the budget however few it has
   * @param seed seeds the key sample's hash ({@code nowcast.model.seed})
   * @param rotationPeriod the sample rotates once per this much data time ({@code
   *     nowcast.trainer.interval})
   */
  record Budget(
      int maxPoints, int maxPointsPerKey, int minPointsPerKey, long seed, Duration rotationPeriod) {

    History historyFor(long newestMillis) {
      KeySample sample = new KeySample(seed, KeySample.rotation(newestMillis, rotationPeriod));
      return new History(sample, maxPoints, maxPointsPerKey, minPointsPerKey);
    }
  }

  /**
   * @param consumer a byte-array consumer used by assignment only (no group membership, no commits)
   * @param readings maps a record value to a reading (the configured {@code nowcast.input.format})
   */
  HistoryReader(
      KafkaConsumer<byte[], byte[]> consumer, Deserializer<SensorReading> readings, Budget budget) {
    this.consumer = consumer;
    this.readings = readings;
    this.budget = budget;
  }

  /**
   * What was read, the window it came from (empty when the topics hold no record), and the seconds
   * reading took.
   */
  record Read(
      History history, Optional<HistoryWindow> window, List<String> topics, double seconds) {}

  /**
   * @param deadline bounds the metadata look-ups and the search for the newest record
   * @param stall the history scan itself fails only after this long without progress: its length
   *     follows the fleet's size
   */
  Read read(
      List<String> topics,
      Optional<Pattern> pattern,
      Duration history,
      Instant deadline,
      Duration stall) {
    long started = System.nanoTime();
    List<String> inputTopics = pattern.map(p -> matchingTopics(p, deadline)).orElse(topics);
    List<TopicPartition> partitions = partitionsOf(inputTopics, deadline);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
    Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, remaining(deadline));
    Optional<Long> newest = newestTimestamp(begins, ends, deadline);
    if (newest.isEmpty()) {
      return new Read(budget.historyFor(0), Optional.empty(), inputTopics, secondsSince(started));
    }
    History result = budget.historyFor(newest.get());
    HistoryWindow window = HistoryWindow.endingAt(newest.get(), history);
    Map<TopicPartition, Long> times = new HashMap<>();
    partitions.forEach(partition -> times.put(partition, window.start()));
    Map<TopicPartition, OffsetAndTimestamp> found =
        consumer.offsetsForTimes(times, remaining(deadline));
    Map<TopicPartition, Long> starts = HistoryWindow.startOffsets(found, ends);
    PartitionScan.readWhileProgressing(
        consumer, starts, ends, stall, record -> collect(record, result));
    LOG.info(
        "read {} readings of {} keys from {} ({} unusable records), window {} .. {}",
        result.read(),
        result.keysSeen(),
        inputTopics,
        result.unreadable(),
        Instant.ofEpochMilli(window.start()),
        Instant.ofEpochMilli(window.newest()));
    return new Read(result, Optional.of(window), inputTopics, secondsSince(started));
  }

  private static double secondsSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
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
    history.countRecordBytes(
        Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize()));
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
