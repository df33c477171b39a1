package io.nowcast.trainer;

import io.nowcast.avro.ModelSnapshot;
import io.nowcast.model.ModelLineage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted models topic into a {@link ModelLineage} of the model name, whose champion is
 * the highest valid version — the model the forecaster serves. The versions above the champion that
 * may not serve are logged with the reason.
 */
final class ModelCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

  /**
   * Between two looks at the last stable offset while a commit's markers are still being written.
   */
  private static final Duration MARKER_WAIT = Duration.ofMillis(20);

  private final Consumer<byte[], byte[]> consumer;
  private final Deserializer<ModelSnapshot> snapshots;

  ModelCatalog(Consumer<byte[], byte[]> consumer, Deserializer<ModelSnapshot> snapshots) {
    this.consumer = consumer;
    this.snapshots = snapshots;
  }

  /**
   * The lineage of {@code modelName} on {@code topic}: every record of the name up to the stable
   * end offsets, its champion decided.
   *
   * @param ownLastPublish the snapshot this process published last (read_committed readers must see
   *     it before the champion is decided), or null
   * @throws IllegalStateException when {@code ownLastPublish} is not readable by {@code deadline}
   */
  ModelLineage read(String topic, String modelName, RecordMetadata ownLastPublish, Instant deadline)
      throws InterruptedException {
    ModelLineage lineage =
        new ModelLineage(modelName, value -> snapshots.deserialize(topic, value));
    Map<TopicPartition, Long> ends = stableEnds(topic, ownLastPublish, deadline);
    if (!ends.isEmpty()) {
      Map<TopicPartition, Long> begins =
          consumer.beginningOffsets(ends.keySet(), remaining(deadline));
      PartitionScan.read(consumer, begins, ends, deadline, record -> add(lineage, record));
    }
    lineage
        .refused()
        .forEach((key, why) -> LOG.warn("skipping invalid model {} on {}: {}", key, topic, why));
    return lineage;
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

  private static void add(ModelLineage lineage, ConsumerRecord<byte[], byte[]> record) {
    if (record.key() != null) {
      lineage.add(new String(record.key(), StandardCharsets.UTF_8), record.value());
    }
  }

  private static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
