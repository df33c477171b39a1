package io.nowcast.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * What a user can change about the demo.
 *
 * @param host address the HTTP server binds to; loopback by default so the demo is never exposed
 * @param port HTTP port of the dashboard and the forecaster's endpoints; 0 picks a free one
 * @param speed replay acceleration over the series' own spacing (3000 plays five minutes of a
 *     sensor in 0.1 s); the first {@link #PRELOAD_ROWS} rows of every series are sent at once
 *     regardless
 * @param trainerInterval time between trainer cycles after the first model
 */
public record DemoSettings(String host, int port, double speed, Duration trainerInterval) {

  /** Default port, as in {@code nowcast demo --help}. */
  public static final int DEFAULT_PORT = 8080;

  /** Default acceleration: a 5-minute sensor sends 10 readings per second. */
  public static final double DEFAULT_SPEED = 3000;

  /**
   * Rows per series sent at once before paced replay starts, so the first training cycle has
   * history.
   */
  public static final int PRELOAD_ROWS = 1000;

  /** Default time between trainer cycles once the first model is out. */
  public static final Duration DEFAULT_TRAINER_INTERVAL = Duration.ofSeconds(60);

  public DemoSettings {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a positive finite factor, was " + speed);
    }
    if (trainerInterval.isNegative() || trainerInterval.isZero()) {
      throw new IllegalArgumentException(
          "trainer interval must be positive, was " + trainerInterval);
    }
  }

  /**
   * Loopback, the given port and speed, a model refresh every {@link #DEFAULT_TRAINER_INTERVAL}.
   */
  public static DemoSettings of(int port, double speed) {
    return new DemoSettings("127.0.0.1", port, speed, DEFAULT_TRAINER_INTERVAL);
  }
}
