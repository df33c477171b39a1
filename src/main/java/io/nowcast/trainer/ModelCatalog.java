package io.nowcast.trainer;

import io.nowcast.avro.ModelSnapshot;
import io.nowcast.features.FeatureSpec;
import io.nowcast.model.InvalidModelException;
import io.nowcast.model.ModelContent;
import io.nowcast.model.SnapshotValidator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the champion on the compacted models topic: the highest version of the model name whose
 * latest record (per {@code name@version} key, as compaction keeps it) decodes and passes {@link
 * SnapshotValidator} — the model the forecaster serves. Invalid records are logged and skipped.
 */
final class ModelCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

  /**
   * Between two looks at the last stable offset while a commit's markers are still being written.
   */
  private static final Duration MARKER_WAIT = Duration.ofMillis(20);

  private final Consumer<byte[], byte[]> consumer;
  private final Deserializer<ModelSnapshot> snapshots;
  private final SnapshotValidator validator =
      new SnapshotValidator(spec -> FeatureSpec.parse(spec).inputSize());

  ModelCatalog(Consumer<byte[], byte[]> consumer, Deserializer<ModelSnapshot> snapshots) {
    this.consumer = consumer;
    this.snapshots = snapshots;
  }

  /**
   * @param champion the highest valid version, or null when there is none
   * @param highestVersion the highest version any record of the name carries, valid or not (0 when
   *     none): the next version goes above it so that a key is never reused
   */
  record Champion(ModelContent champion, long highestVersion) {

    long nextVersion() {
      return Math.max(highestVersion, champion == null ? 0 : champion.version()) + 1;
    }
  }

  /**
   * @param ownLastPublish the snapshot this process published last (read_committed readers must see
   *     it before the champion is decided), or null
   * @throws IllegalStateException when {@code ownLastPublish} is not readable by {@code deadline}
   */
  Champion read(String topic, String modelName, RecordMetadata ownLastPublish, Instant deadline)
      throws InterruptedException {
    Map<Long, byte[]> latest = latestRecords(topic, modelName, ownLastPublish, deadline);
    List<Long> versions = new ArrayList<>(latest.keySet());
    versions.sort(Comparator.reverseOrder());
    long highest = versions.isEmpty() ? 0 : versions.get(0);
    for (long version : versions) {
      ModelContent model = validOrNull(topic, modelName + "@" + version, latest.get(version));
      if (model != null) {
        return new Champion(model, highest);
      }
    }
    return new Champion(null, highest);
  }

  /**
   * Version → value of the newest record per key of {@code modelName}; tombstones remove the key.
   */
  private Map<Long, byte[]> latestRecords(
      String topic, String modelName, RecordMetadata ownLastPublish, Instant deadline)
      throws InterruptedException {
    Map<Long, byte[]> latest = new HashMap<>();
    Map<TopicPartition, Long> ends = stableEnds(topic, ownLastPublish, deadline);
    if (ends.isEmpty()) {
      return latest;
    }
    Map<TopicPartition, Long> begins =
        consumer.beginningOffsets(ends.keySet(), remaining(deadline));
    String prefix = modelName + "@";
    PartitionScan.read(
        consumer, begins, ends, deadline, record -> remember(record, prefix, latest));
    return latest;
  }

  /**
   * The topic's partitions with their end offsets (read_committed: last stable offsets), once they
   * include {@code ownLastPublish}; empty when the topic does not exist. {@code commitTransaction}
   * returns when the coordinator has logged the commit, before the broker has written the commit
   * markers, so right after this process published, its snapshot may not be readable yet (and a
   * topic it has just created may not be in this consumer's metadata); a cycle that missed the
   * snapshot would publish the same version again.
   */
  private Map<TopicPartition, Long> stableEnds(
      String topic, RecordMetadata ownLastPublish, Instant deadline) throws InterruptedException {
    while (true) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
      List<TopicPartition> partitions =
          infos == null
              ? List.of()
              : infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      Map<TopicPartition, Long> ends =
          partitions.isEmpty() ? Map.of() : consumer.endOffsets(partitions, remaining(deadline));
      if (ownLastPublish == null || covers(ends, ownLastPublish)) {
        return ends;
      }
      if (!Instant.now().isBefore(deadline)) {
        throw new IllegalStateException(
            "the snapshot this trainer published at offset "
                + ownLastPublish.offset()
                + " of "
                + ownLastPublish.topic()
                + "-"
                + ownLastPublish.partition()
                + " is still not readable (its commit markers are late); not reading the champion without it");
      }
      Thread.sleep(MARKER_WAIT.toMillis());
    }
  }

  private static boolean covers(Map<TopicPartition, Long> ends, RecordMetadata published) {
    Long end = ends.get(new TopicPartition(published.topic(), published.partition()));
    return end != null && end > published.offset();
  }

  private static void remember(
      ConsumerRecord<byte[], byte[]> record, String prefix, Map<Long, byte[]> latest) {
    if (record.key() == null) {
      return;
    }
    String key = new String(record.key(), StandardCharsets.UTF_8);
    if (!key.startsWith(prefix)) {
      return;
    }
    try {
      long version = Long.parseLong(key.substring(prefix.length()));
      if (record.value() == null) {
        latest.remove(version);
      } else {
        latest.put(version, record.value());
      }
    } catch (NumberFormatException e) {
      LOG.warn("models topic key '{}' names no version after '{}'; ignored", key, prefix);
    }
  }

  private ModelContent validOrNull(String topic, String key, byte[] value) {
    try {
      ModelSnapshot snapshot = snapshots.deserialize(topic, value);
      return validator.validate(snapshot).content();
    } catch (SerializationException | InvalidModelException e) {
      LOG.warn("skipping invalid model {} on {}: {}", key, topic, e.getMessage());
      return null;
    }
  }

  private static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
