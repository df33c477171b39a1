package io.nowcast.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HistoryWindowTest {

  private static final TopicPartition P0 = new TopicPartition("sensors", 0);
  private static final TopicPartition P1 = new TopicPartition("sensors", 1);

  @Test
  void theWindowEndsAtTheNewestRecordNotAtTheWallClock() {
    long newest =
        Instant.parse("2013-07-04T12:00:00Z").toEpochMilli(); // replayed history, years old

    HistoryWindow window = HistoryWindow.endingAt(newest, Duration.ofHours(6));

    assertEquals(Instant.parse("2013-07-04T06:00:00Z").toEpochMilli(), window.start());
    assertEquals(newest, window.newest());
  }

  @Test
  void aHistoryLongerThanTheEpochClampsAtZero() {
    assertEquals(0, HistoryWindow.endingAt(1_000, Duration.ofDays(365)).start());
  }

  @Test
  void partitionsStartAtTheFoundOffsetOrAtTheirEndWhenNothingIsNewEnough() {
    Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
    found.put(P0, new OffsetAndTimestamp(40, 1_000));
    found.put(P1, null); // offsetsForTimes: no record at or after the window start
    Map<TopicPartition, Long> ends = Map.of(P0, 100L, P1, 70L);

    Map<TopicPartition, Long> starts = HistoryWindow.startOffsets(found, ends);

    assertEquals(Map.of(P0, 40L, P1, 70L), starts);
  }
}
