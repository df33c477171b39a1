package io.nowcast.demo;

import io.nowcast.avro.SensorReading;
import io.nowcast.local.CsvSeries;
import io.nowcast.local.Pacing;
import io.nowcast.local.Replay;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Plays one bundled series forever: its first rows at once (history for the first training cycle),
 * the rest at the demo's speed, then the whole series again, shifted in time past its previous lap
 * so that event times keep increasing (the forecaster skips readings that go back in time).
 */
final class SensorReplay implements Runnable {

  private final DemoSeries series;
  private final int preloadRows;
  private final double speed;
  private final Consumer<SensorReading> sink;
  private final Runnable onPreloaded;
  private final AtomicLong sent;

  /**
   * @param onPreloaded called once, after the preloaded rows were handed to {@code sink}
   * @param sent counts every reading handed to {@code sink}
   */
  SensorReplay(
      DemoSeries series,
      int preloadRows,
      double speed,
      Consumer<SensorReading> sink,
      Runnable onPreloaded,
      AtomicLong sent) {
    this.series = series;
    this.preloadRows = preloadRows;
    this.speed = speed;
    this.sink = sink;
    this.onPreloaded = onPreloaded;
    this.sent = sent;
  }

  /** Runs until the thread is interrupted. */
  @Override
  public void run() {
    List<String> lines = series.lines();
    String header = lines.get(0);
    List<String> rows = lines.subList(1, lines.size());
    int split = Math.min(preloadRows, rows.size());
    play(header, rows.subList(0, split), Pacing.asFastAsPossible(), Duration.ZERO);
    onPreloaded.run();
    play(header, rows.subList(split, rows.size()), Pacing.speed(speed), Duration.ZERO);
    Duration lap = lapLength(header, rows);
    for (long laps = 1; !Thread.currentThread().isInterrupted(); laps++) {
      play(header, rows, Pacing.speed(speed), lap.multipliedBy(laps));
    }
  }

  private void play(String header, List<String> rows, Pacing pacing, Duration shift) {
    if (rows.isEmpty() || Thread.currentThread().isInterrupted()) {
      return;
    }
    Replay replay = Replay.builder().pacing(pacing).build();
    replay.run(
        format(),
        new StringReader(header + "\n" + String.join("\n", rows)),
        reading -> {
          sink.accept(shifted(reading, shift));
          sent.incrementAndGet();
        });
  }

  /**
   * First to last event time plus one typical step, so a lap starts one step after the previous
   * ended.
   */
  private Duration lapLength(String header, List<String> rows) {
    List<CsvSeries.Point> points =
        format().read(new StringReader(header + "\n" + String.join("\n", rows))).points();
    Instant first = points.get(0).timestamp();
    Instant last = points.get(points.size() - 1).timestamp();
    Duration step = Duration.between(points.get(points.size() - 2).timestamp(), last);
    return Duration.between(first, last).plus(step);
  }

  private CsvSeries format() {
    return CsvSeries.singleSensor(
        DemoSeries.TIME_COLUMN, DemoSeries.VALUE_COLUMN, series.sensorId());
  }

  private static SensorReading shifted(SensorReading reading, Duration shift) {
    return shift.isZero()
        ? reading
        : SensorReading.newBuilder(reading)
            .setTimestamp(reading.getTimestamp().plus(shift))
            .build();
  }
}
