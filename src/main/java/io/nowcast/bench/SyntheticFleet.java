package io.nowcast.bench;

import io.nowcast.avro.SensorReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A seeded synthetic sensor fleet for the trainer benchmark: {@code keys} sensors reading every
 * {@code spacing}, the last reading of every sensor at {@code end}. Each sensor draws its own
 * character from the seed and its index, so the fleet is the same on every run and every machine:
 *
 * <ul>
 *   <li>a level spread over four orders of magnitude (0.1 to 1000) and a scale of 2–30 % of it;
 *   <li>a seasonal cycle of one of several periods (1, 4, 8 or 12 hours, a day or a week of
 *       readings at 5 minutes), with a second harmonic and its own phase, up to twice the scale;
 *   <li>a trend of up to ±1.5 scales over the series, and autocorrelated noise (AR(1), φ from 0 to
 *       0.9) of 10–60 % of the scale;
 *   <li>for a third of the sensors a level shift of 1–4 scales at a random point, and for every
 *       sensor spikes of 3–8 scales on about one reading in 500.
 * </ul>
 *
 * {@link #forEachReading} generates the readings in time order, all sensors' reading t before any
 * sensor's t + 1, as a live fleet delivers them; {@link Sensor#next()} gives one sensor's next
 * value.
 */
public final class SyntheticFleet {

  /** Seasonal periods in readings (5-minute spacing: 1 h, 4 h, 8 h, 12 h, a day, a week). */
  private static final int[] PERIODS = {12, 48, 96, 144, 288, 2016};

  private final int keys;
  private final int points;
  private final long seed;
  private final Duration spacing;
  private final Instant end;

  /**
   * @param keys sensors
   * @param points readings per sensor
   * @param seed draws every sensor's character
   * @param spacing time between a sensor's readings
   * @param end the time of every sensor's last reading
   */
  public SyntheticFleet(int keys, int points, long seed, Duration spacing, Instant end) {
    if (keys < 1 || points < 2) {
      throw new IllegalArgumentException(
          "a fleet needs at least 1 key and 2 points per key, got " + keys + ", " + points);
    }
    this.keys = keys;
    this.points = points;
    this.seed = seed;
    this.spacing = spacing;
    this.end = end;
  }

  public int keys() {
    return keys;
  }

  public int points() {
    return points;
  }

  /** The sensor id of index {@code k}: {@code sensor-00042}. */
  public String key(int k) {
    return String.format("sensor-%05d", k);
  }

  /** Event time (ms) of reading {@code t} (0 = oldest) of every sensor. */
  public long timestamp(int t) {
    return end.toEpochMilli() - (long) (points - 1 - t) * spacing.toMillis();
  }

  /** Every reading, all sensors' reading t (in sensor order) before any sensor's t + 1. */
  public void forEachReading(Consumer<SensorReading> sink) {
    List<Sensor> sensors = new ArrayList<>(keys);
    List<String> ids = new ArrayList<>(keys);
    for (int k = 0; k < keys; k++) {
      sensors.add(sensor(k));
      ids.add(key(k));
    }
    for (int t = 0; t < points; t++) {
      Instant time = Instant.ofEpochMilli(timestamp(t));
      for (int k = 0; k < keys; k++) {
        sink.accept(
            SensorReading.newBuilder()
                .setSensorId(ids.get(k))
                .setTimestamp(time)
                .setValue(sensors.get(k).next())
                .setCovariates(Map.of())
                .build());
      }
    }
  }

  /** Sensor {@code k}, positioned before its first reading. */
  public Sensor sensor(int k) {
    return new Sensor(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + k), points);
  }

  /** One sensor's generator: call {@link #next()} once per reading, oldest first. */
  public static final class Sensor {
    private final SplittableRandom random;
    private final double level;
    private final double scale;
    private final int period;
    private final double amplitude;
    private final double harmonic;
    private final double phase;
    private final double trendPerReading;
    private final double noise;
    private final double persistence;
    private final int shiftAt;
    private final double shift;
    private double ar;
    private int t;

    private Sensor(SplittableRandom random, int points) {
      this.random = random;
      level = Math.pow(10, random.nextDouble(-1, 3));
      scale = level * random.nextDouble(0.02, 0.3);
      period = PERIODS[random.nextInt(PERIODS.length)];
      amplitude = scale * random.nextDouble(0.3, 2.0);
      harmonic = random.nextDouble(0, 0.5);
      phase = random.nextDouble(0, 2 * Math.PI);
      trendPerReading = scale * random.nextDouble(-1.5, 1.5) / points;
      noise = scale * random.nextDouble(0.1, 0.6);
      persistence = random.nextDouble(0, 0.9);
      boolean shifts = random.nextInt(3) == 0;
      shiftAt = shifts ? random.nextInt(points) : Integer.MAX_VALUE;
      shift = scale * random.nextDouble(1, 4) * (random.nextBoolean() ? 1 : -1);
    }

    /** The next reading's value. */
    public double next() {
      double angle = 2 * Math.PI * t / period + phase;
      double seasonal = amplitude * (Math.sin(angle) + harmonic * Math.sin(2 * angle));
      ar = persistence * ar + noise * random.nextGaussian();
      double value = level + seasonal + trendPerReading * t + ar + (t >= shiftAt ? shift : 0);
      if (random.nextInt(500) == 0) {
        value += scale * random.nextDouble(3, 8) * (random.nextBoolean() ? 1 : -1);
      }
      t++;
      return value;
    }
  }
}
