package io.nowcast.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.ModelSnapshot;
import io.nowcast.model.ModelContent;
import io.nowcast.model.ModelLineage;
import io.nowcast.model.Snapshots;
import io.nowcast.nn.CellType;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import io.nowcast.serde.NowcastSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The champion read right after this process published: {@code commitTransaction} returns before
 * the commit markers are written, so the models topic's last stable offset can still lie before the
 * snapshot. The catalog must wait for it, or the next cycle publishes the same version again.
 */
class ModelCatalogTest {
  private static final String TOPIC = "catalog.models";
  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
  private static final Map<String, Object> SERDE =
      Map.of("schema.registry.url", "mock://catalog-" + UUID.randomUUID());

  /**
   * Reports the last stable offset before the snapshot for the first {@code lateLooks} looks, after
   * it from then on; lists no partition for the first {@code unknownTopicLooks} metadata lookups.
   */
  private static final class LateMarkers extends MockConsumer<byte[], byte[]> {
    private final int lateLooks;
    private int unknownTopicLooks;
    int looks;

    LateMarkers(int lateLooks, int unknownTopicLooks) {
      this(lateLooks);
      this.unknownTopicLooks = unknownTopicLooks;
    }

    LateMarkers(int lateLooks) {
      super("earliest");
      this.lateLooks = lateLooks;
      updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
      updateBeginningOffsets(Map.of(PARTITION, 0L));
      schedulePollTask(
          () ->
              addRecord(
                  new ConsumerRecord<>(
                      TOPIC, 0, 0, "fleet@1".getBytes(StandardCharsets.UTF_8), snapshotBytes())));
    }

    @Override
    public synchronized List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
      if (unknownTopicLooks > 0) {
        unknownTopicLooks--;
        return List.of();
      }
      return super.partitionsFor(topic, timeout);
    }

    @Override
    public synchronized Map<TopicPartition, Long> endOffsets(
        Collection<TopicPartition> partitions, Duration timeout) {
      looks++;
      return Map.of(PARTITION, looks <= lateLooks ? 0L : 1L);
    }
  }

  @Test
  void waitsUntilItsOwnLastSnapshotIsReadableBeforeDecidingTheChampion() throws Exception {
    LateMarkers consumer = new LateMarkers(3);

    ModelLineage champion = catalog(consumer).read(TOPIC, "fleet", published(), deadlineIn(30));

    assertEquals(
        1,
        champion.champion().orElseThrow().content().version(),
        "version 1 is the champion, so the next is 2");
    assertEquals(2, champion.nextVersion());
    assertEquals(4, consumer.looks, "three looks before the markers, one after");
  }

  @Test
  void aModelsTopicMissingFromTheMetadataRightAfterItsFirstPublishIsWaitedFor() throws Exception {
    LateMarkers consumer = new LateMarkers(0, 2);

    ModelLineage champion = catalog(consumer).read(TOPIC, "fleet", published(), deadlineIn(30));

    assertEquals(
        2,
        champion.nextVersion(),
        "the snapshot published before the topic reached the metadata counts");
  }

  @Test
  void withoutAnOwnPublishTheEndsAreTakenAsTheyAre() throws Exception {
    LateMarkers consumer = new LateMarkers(1);

    ModelLineage champion = catalog(consumer).read(TOPIC, "fleet", null, deadlineIn(30));

    assertTrue(
        champion.champion().isEmpty(),
        "nothing stable yet: another trainer's transaction is not this one's to wait for");
    assertEquals(1, champion.nextVersion());
  }

  @Test
  void markersThatNeverComeFailTheCycleInsteadOfReusingTheVersion() {
    LateMarkers consumer = new LateMarkers(Integer.MAX_VALUE);

    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () -> catalog(consumer).read(TOPIC, "fleet", published(), deadlineIn(0)));

    assertTrue(failure.getMessage().contains("offset 0 of catalog.models-0"), failure.getMessage());
  }

  private static ModelCatalog catalog(MockConsumer<byte[], byte[]> consumer) {
    return new ModelCatalog(
        consumer, NowcastSerdes.specific(ModelSnapshot.class, SERDE, false).deserializer());
  }

  private static RecordMetadata published() {
    return new RecordMetadata(PARTITION, 0, 0, 0, 0, 0);
  }

  private static Instant deadlineIn(long seconds) {
    return Instant.now().plusSeconds(seconds);
  }

  private static byte[] snapshotBytes() {
    NetworkSpec spec = NetworkSpec.of(CellType.LSTM, 1, new int[] {4}, 2, OutputKind.POINT);
    ModelSnapshot snapshot =
        Snapshots.toSnapshot(
            new ModelContent(
                "fleet",
                1,
                Instant.parse("2026-01-01T00:00:00Z"),
                spec,
                "value",
                Network.initialise(spec, 7).parameters(),
                null,
                null));
    return NowcastSerdes.specific(ModelSnapshot.class, SERDE, false)
        .serializer()
        .serialize(TOPIC, snapshot);
  }
}
