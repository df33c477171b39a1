package io.nowcast.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nowcast.avro.SensorReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SensorReplayTest {

  private static final DemoSeries FOUR_ROWS = new DemoSeries("probe", "/demo-test/four-rows.csv");

  /** Fast enough that no reading waits noticeably. */
  private static final double INSTANT = 1e12;

  @Test
  void preloadsThenLoopsWithEventTimesThatKeepIncreasing() {
    List<SensorReading> received = new ArrayList<>();
    AtomicInteger preloadedAfter = new AtomicInteger(-1);
    AtomicLong sent = new AtomicLong();
    SensorReplay replay =
        new SensorReplay(
            FOUR_ROWS,
            2,
            INSTANT,
            reading -> {
              received.add(reading);
              if (received.size() == 8) {
                Thread.currentThread().interrupt(); // ends the replay after the second lap
              }
            },
            () -> preloadedAfter.set(received.size()),
            sent);
    try {
      replay.run();
    } catch (IllegalStateException interruptedWhileWaiting) {
      // Replay reports an interrupt during a wait this way; the laps so far are what we check.
    } finally {
      Thread.interrupted();
    }

    assertEquals(2, preloadedAfter.get(), "told once the preloaded rows were handed over");
    assertEquals(received.size(), sent.get(), "every reading counted");
    assertEquals(8, received.size(), "one lap, then a second whole lap");
    assertEquals(
        Instant.parse("2014-01-01T00:20:00Z"),
        received.get(4).getTimestamp(),
        "the second lap starts one step after the first ended");
    for (int i = 1; i < received.size(); i++) {
      assertEquals(
          received.get(i - 1).getTimestamp().plusSeconds(300),
          received.get(i).getTimestamp(),
          "reading " + i);
    }
    assertEquals(1.0, received.get(4).getValue(), "the lap replays the same values");
  }
}
