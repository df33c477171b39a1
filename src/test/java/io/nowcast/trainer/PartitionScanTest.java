package io.nowcast.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The history scan: reads to the fixed ends, and fails only when it stops making progress. */
class PartitionScanTest {

  private static final TopicPartition PARTITION = new TopicPartition("sensors", 0);

  @Test
  void aScanReadsUpToTheFixedEndAndLetsThePartitionsGo() {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.updateEndOffsets(Map.of(PARTITION, 5L));
    consumer.schedulePollTask(
        () -> {
          for (long offset = 0; offset < 5; offset++) {
            consumer.addRecord(
                new ConsumerRecord<>(
                    "sensors", 0, offset, new byte[0], new byte[] {(byte) offset}));
          }
        });
    List<Long> read = new ArrayList<>();

    PartitionScan.readWhileProgressing(
        consumer,
        Map.of(PARTITION, 1L),
        Map.of(PARTITION, 4L),
        Duration.ofSeconds(30),
        record -> read.add(record.offset()));

    assertEquals(List.of(1L, 2L, 3L), read, "from the start offset to before the end offset");
    assertTrue(consumer.assignment().isEmpty());
  }

  @Test
  void aScanWithoutProgressFailsAfterTheStallTimeoutSayingSo() {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.updateEndOffsets(Map.of(PARTITION, 10L));

    TimeoutException stalled =
        assertThrows(
            TimeoutException.class,
            () ->
                PartitionScan.readWhileProgressing(
                    consumer,
                    Map.of(PARTITION, 0L),
                    Map.of(PARTITION, 10L),
                    Duration.ofMillis(100),
                    record -> {}));

    assertTrue(stalled.getMessage().contains("no progress for PT0.1S"), stalled.getMessage());
  }
}
