package io.nowcast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.SensorReading;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTest {

  private static final String HOURLY =
      "timestamp,value\n"
          + "2013-07-04 00:00:00,1\n"
          + "2013-07-04 01:00:00,2\n"
          + "bad,3\n"
          + "2013-07-04 02:00:00,4\n";
  private static final CsvSeries SERIES = CsvSeries.singleSensor("timestamp", "value", "room");

  /** A clock that only moves when the replay sleeps, recording each wait. */
  private static final class FakeTimer implements Replay.Timer {
    long now = 1_000;
    final List<Long> sleeps = new ArrayList<>();
    final List<Long> sendTimes = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      sleeps.add(nanos);
      now += nanos;
    }
  }

  @Test
  void keepsOriginalTimesAndReportsBadRows() {
    List<String> problems = new ArrayList<>();
    List<SensorReading> sent = new ArrayList<>();
    Replay.Summary summary =
        Replay.builder()
            .problems(problems::add)
            .build()
            .run(SERIES, new StringReader(HOURLY), sent::add);

    assertEquals(3, summary.sent());
    assertEquals(1, summary.skipped());
    assertEquals(List.of(1.0, 2.0, 4.0), sent.stream().map(SensorReading::getValue).toList());
    assertEquals(Instant.parse("2013-07-04T02:00:00Z"), sent.get(2).getTimestamp());
    assertEquals("room", sent.get(0).getSensorId());
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).startsWith("skipped line 4: cannot parse time 'bad'"));
  }

  @Test
  void speedWaitsTheScaledOriginalSpacing() {
    FakeTimer timer = new FakeTimer();
    Replay.Summary summary =
        Replay.builder()
            .pacing(Pacing.speed(3600))
            .timer(timer)
            .problems(problem -> {})
            .build()
            .run(
                SERIES, new StringReader(HOURLY), reading -> timer.sendTimes.add(timer.nanoTime()));

    // One hour apart at 3600x: one second apart, measured from the start.
    assertEquals(List.of(1_000L, 1_000_001_000L, 2_000_001_000L), timer.sendTimes);
    assertEquals(List.of(1_000_000_000L, 1_000_000_000L), timer.sleeps);
    assertEquals(Duration.ofSeconds(2), summary.elapsed());
  }

  @Test
  void rateWaitsOnlyForWhatIsNotYetDue() {
    FakeTimer timer = new FakeTimer();
    Replay replay =
        Replay.builder().pacing(Pacing.rate(2)).timer(timer).problems(problem -> {}).build();
    replay.run(
        SERIES,
        new StringReader(HOURLY),
        reading -> {
          timer.sendTimes.add(timer.nanoTime());
          timer.now += 100_000_000; // sending takes 100 ms of the 500 ms budget
        });

    assertEquals(List.of(1_000L, 500_001_000L, 1_000_001_000L), timer.sendTimes);
    assertEquals(List.of(400_000_000L, 400_000_000L), timer.sleeps);
  }

  @Test
  void shiftToNowMovesTheLastPointToTheWallClock() {
    Instant now = Instant.parse("2026-11-26T12:00:00Z");
    List<SensorReading> sent = new ArrayList<>();
    Replay.builder()
        .shiftToNow(true)
        .wallClock(Clock.fixed(now, ZoneOffset.UTC))
        .problems(problem -> {})
        .build()
        .run(SERIES, new StringReader(HOURLY), sent::add);

    assertEquals(
        List.of(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)), now),
        sent.stream().map(SensorReading::getTimestamp).toList());
  }

  @Test
  void replaysTheNabSliceWithoutLosses() {
    List<SensorReading> sent = new ArrayList<>();
    Replay.Summary summary =
        Replay.builder()
            .build()
            .run(
                SERIES,
                CsvSeriesTest.resource("/nab/machine_temperature_system_failure.csv"),
                sent::add);
    assertEquals(2000, summary.sent());
    assertEquals(0, summary.skipped());
    assertEquals(Instant.parse("2013-12-09T19:50:00Z"), sent.get(1999).getTimestamp());
  }
}
