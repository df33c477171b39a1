package io.nowcast.engine;

import io.nowcast.avro.AccuracyReport;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The rolling accuracy of one key's step-1 forecasts: every scored forecast adds its errors, and a
 * window of N scored forecasts becomes an {@link AccuracyReport}, after which the window starts
 * again.
 *
 * <p>Binary form ({@value #BYTES} bytes): scored count (long), Σ|e|, Σe², Σ|persistence e|
 * (doubles), covered (long), window start, window end, scored model version (longs).
 */
final class AccuracyWindow implements StatePart {
  static final int BYTES = 8 * Long.BYTES;

  private long scored;
  private double sumAbsoluteError;
  private double sumSquaredError;
  private double sumAbsolutePersistenceError;
  private long covered;
  private long windowStart;
  private long windowEnd;

  /** Model version of the latest forecast scored in this window. */
  private long modelVersion;

  long scored() {
    return scored;
  }

  /**
   * Adds the errors of {@code pending} against the actual {@code actual} at {@code timestamp};
   * {@code lastValue} is what repeat-last-value would have forecast.
   */
  void score(long timestamp, double actual, PendingForecast pending, double lastValue) {
    double error = actual - pending.mean();
    double persistenceError = actual - lastValue;
    if (scored == 0) {
      windowStart = timestamp;
    }
    scored++;
    sumAbsoluteError += Math.abs(error);
    sumSquaredError += error * error;
    sumAbsolutePersistenceError += Math.abs(persistenceError);
    if (pending.covers(actual)) {
      covered++;
    }
    windowEnd = timestamp;
    modelVersion = pending.modelVersion();
  }

  /** True once {@code size} forecasts were scored: time for a report. */
  boolean isComplete(int size) {
    return scored >= size;
  }

  /** The report of this window; {@link #reset()} then starts the next one. */
  AccuracyReport report(String sensorId) {
    double n = scored;
    AccuracyReport report = new AccuracyReport();
    report.setSensorId(sensorId);
    report.setWindowStart(Instant.ofEpochMilli(windowStart));
    report.setWindowEnd(Instant.ofEpochMilli(windowEnd));
    report.setCount(scored);
    report.setMae(sumAbsoluteError / n);
    report.setRmse(Math.sqrt(sumSquaredError / n));
    report.setPersistenceMae(sumAbsolutePersistenceError / n);
    report.setCoverage(covered / n);
    report.setModelVersion(modelVersion);
    return report;
  }

  /** Starts a new window. */
  void reset() {
    scored = 0;
    sumAbsoluteError = 0;
    sumSquaredError = 0;
    sumAbsolutePersistenceError = 0;
    covered = 0;
    windowStart = 0;
    windowEnd = 0;
    modelVersion = 0;
  }

  @Override
  public int encodedSize() {
    return BYTES;
  }

  @Override
  public void writeTo(ByteBuffer out) {
    out.putLong(scored)
        .putDouble(sumAbsoluteError)
        .putDouble(sumSquaredError)
        .putDouble(sumAbsolutePersistenceError)
        .putLong(covered)
        .putLong(windowStart)
        .putLong(windowEnd)
        .putLong(modelVersion);
  }

  @Override
  public void readFrom(ByteBuffer in) {
    scored = in.getLong();
    sumAbsoluteError = in.getDouble();
    sumSquaredError = in.getDouble();
    sumAbsolutePersistenceError = in.getDouble();
    covered = in.getLong();
    windowStart = in.getLong();
    windowEnd = in.getLong();
    modelVersion = in.getLong();
  }
}
