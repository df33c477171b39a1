package io.nowcast.local;

import io.nowcast.avro.SensorReading;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Replays a CSV time series as {@link SensorReading}s into a sink (a topic or any consumer), paced
 * by a {@link Pacing} policy. Used by {@code nowcast replay}, the demo, the soak test and the
 * integration tests.
 *
 * <p>Event times are kept as they are unless {@code shiftToNow} is set, which moves the whole
 * series so that its latest point is "now" on the wall clock. Bad rows are reported to the problem
 * sink with their line numbers and skipped. Time is injected ({@link Timer}, {@link Clock}) so
 * tests check pacing without sleeping.
 */
public final class Replay {

  /** Monotonic time and waiting: the system's by default, a fake one in tests. */
  public interface Timer {
    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits about {@code nanos} nanoseconds. */
    void sleepNanos(long nanos) throws InterruptedException;

    /** The JVM's clock and {@link Thread#sleep}. */
    static Timer system() {
      return new Timer() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
          Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
      };
    }
  }

  /** What a replay did: records handed to the sink, rows skipped, time taken. */
  public record Summary(long sent, long skipped, Duration elapsed) {
    /** One line for humans, e.g. {@code sent 2000, skipped 1, 0.4 s}. */
    public String describe() {
      return String.format(
          Locale.ROOT, "sent %d, skipped %d, %.1f s", sent, skipped, elapsed.toNanos() / 1e9);
    }
  }

  private final Pacing pacing;
  private final boolean shiftToNow;
  private final Clock wallClock;
  private final Timer timer;
  private final Consumer<String> problems;

  private Replay(Builder builder) {
    this.pacing = builder.pacing;
    this.shiftToNow = builder.shiftToNow;
    this.wallClock = builder.wallClock;
    this.timer = builder.timer;
    this.problems = builder.problems;
  }

  /** Options of a replay; defaults: as fast as possible, original times, problems to stderr. */
  public static Builder builder() {
    return new Builder();
  }

  /** Reads {@code csv} (UTF-8) and replays it into {@code sink}. */
  public Summary run(CsvSeries series, Path csv, Consumer<SensorReading> sink) {
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return run(series, reader, sink);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read CSV " + csv, e);
    }
  }

  /**
   * Replays into a topic: key = sensor id, record timestamp = event time. Waits until every record
   * is acknowledged.
   *
   * @throws org.apache.kafka.common.KafkaException the first send failure, after the replay
   */
  public Summary run(
      CsvSeries series, Path csv, Producer<String, SensorReading> producer, String topic) {
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return run(series, reader, producer, topic);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read CSV " + csv, e);
    }
  }

  /** As {@link #run(CsvSeries, Path, Producer, String)}, reading the CSV from {@code csv}. */
  public Summary run(
      CsvSeries series, Reader csv, Producer<String, SensorReading> producer, String topic) {
    TopicSink sink = new TopicSink(producer, topic);
    Summary summary = run(series, csv, sink);
    sink.flush();
    return summary;
  }

  /** Reads the CSV from {@code csv} and replays it into {@code sink}. */
  public Summary run(CsvSeries series, Reader csv, Consumer<SensorReading> sink) {
    long start = timer.nanoTime();
    CsvSeries.Parsed parsed = series.read(csv);
    parsed.badRows().forEach(bad -> problems.accept("skipped " + bad));
    List<CsvSeries.Point> points = parsed.points();
    Duration shift = shiftToNow ? shiftToNow(points) : Duration.ZERO;
    for (int i = 0; i < points.size(); i++) {
      CsvSeries.Point point = points.get(i);
      awaitDue(start, pacing.dueAfter(i, points.get(0).timestamp(), point.timestamp()));
      sink.accept(reading(point, shift));
    }
    return new Summary(
        points.size(), parsed.badRows().size(), Duration.ofNanos(timer.nanoTime() - start));
  }

  /** The shift that moves the latest event time of the series to the wall clock's now. */
  private Duration shiftToNow(List<CsvSeries.Point> points) {
    Instant latest =
        points.stream().map(CsvSeries.Point::timestamp).max(Instant::compareTo).orElse(null);
    return latest == null ? Duration.ZERO : Duration.between(latest, wallClock.instant());
  }

  private void awaitDue(long start, Duration dueAfter) {
    long wait = start + dueAfter.toNanos() - timer.nanoTime();
    if (wait <= 0) {
      return;
    }
    try {
      timer.sleepNanos(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Replay interrupted", e);
    }
  }

  private static SensorReading reading(CsvSeries.Point point, Duration shift) {
    return SensorReading.newBuilder()
        .setSensorId(point.sensorId())
        .setTimestamp(point.timestamp().plus(shift))
        .setValue(point.value())
        .setCovariates(Map.of())
        .build();
  }

  /** Options of a {@link Replay}. */
  public static final class Builder {
    private Pacing pacing = Pacing.asFastAsPossible();
    private boolean shiftToNow;
    private Clock wallClock = Clock.systemUTC();
    private Timer timer = Timer.system();
    private Consumer<String> problems = System.err::println;

    private Builder() {}

    /** How fast records are sent; default as fast as possible. */
    public Builder pacing(Pacing pacing) {
      this.pacing = Objects.requireNonNull(pacing, "pacing");
      return this;
    }

    /** Move the whole series so its latest point is now (default: keep original times). */
    public Builder shiftToNow(boolean shiftToNow) {
      this.shiftToNow = shiftToNow;
      return this;
    }

    /** The wall clock that {@code shiftToNow} reads; default UTC system clock. */
    public Builder wallClock(Clock wallClock) {
      this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
      return this;
    }

    /** Monotonic time and sleeping used for pacing; default the system's. */
    public Builder timer(Timer timer) {
      this.timer = Objects.requireNonNull(timer, "timer");
      return this;
    }

    /** Receives one message per skipped row ({@code line N: reason}); default stderr. */
    public Builder problems(Consumer<String> problems) {
      this.problems = Objects.requireNonNull(problems, "problems");
      return this;
    }

    public Replay build() {
      return new Replay(this);
    }
  }
}
