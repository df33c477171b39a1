package io.nowcast.local;

import java.time.Duration;
import java.time.Instant;

/**
 * When each record of a replay is due, as an offset from the moment the replay started.
 *
 * <p>Three policies: as fast as possible (every offset is zero), {@link #speed(double) speed} (the
 * original spacing of the event times divided by a factor) and {@link #rate(double) rate} (a fixed
 * number of events per second, whatever the event times).
 */
public sealed interface Pacing {

  /**
   * The offset from the start of the replay at which record {@code index} is due.
   *
   * @param index 0-based position of the record in the replay
   * @param first event time of the first record
   * @param eventTime event time of this record
   */
  Duration dueAfter(long index, Instant first, Instant eventTime);

  /** No waiting at all. */
  static Pacing asFastAsPossible() {
    return new AsFastAsPossible();
  }

  /** Replays {@code factor}× faster than the original spacing (1 = real time). */
  static Pacing speed(double factor) {
    return new Speed(factor);
  }

  /** {@code eventsPerSecond} records per second, evenly spaced. */
  static Pacing rate(double eventsPerSecond) {
    return new Rate(eventsPerSecond);
  }

  /** Every record is due at once. */
  record AsFastAsPossible() implements Pacing {
    @Override
    public Duration dueAfter(long index, Instant first, Instant eventTime) {
      return Duration.ZERO;
    }
  }

  /**
   * Original spacing divided by {@code factor}. A record older than the first one (out of order) is
   * due at once.
   */
  record Speed(double factor) implements Pacing {
    public Speed {
      requirePositive(factor, "speed");
    }

    @Override
    public Duration dueAfter(long index, Instant first, Instant eventTime) {
      long originalNanos = Duration.between(first, eventTime).toNanos();
      return Duration.ofNanos(Math.max(0, Math.round(originalNanos / factor)));
    }
  }

  /** Record {@code i} is due at {@code i / eventsPerSecond} seconds. */
  record Rate(double eventsPerSecond) implements Pacing {
    public Rate {
      requirePositive(eventsPerSecond, "rate");
    }

    @Override
    public Duration dueAfter(long index, Instant first, Instant eventTime) {
      return Duration.ofNanos(Math.round(index * 1e9 / eventsPerSecond));
    }
  }

  private static void requirePositive(double value, String name) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a positive number, got " + value);
    }
  }
}
