package io.nowcast.engine;

import java.nio.ByteBuffer;

/**
 * The step-1 forecast of the key's last event, kept until the next actual scores it (accuracy
 * window, shared interval scale).
 *
 * <p>Binary form: a flag byte, 0 = none or 1 = present; when present the model version (long; 0 for
 * persistence), mean, lower and upper (doubles).
 */
final class PendingForecast implements StatePart {
  private static final byte PRESENT = 1;
  private static final int PRESENT_BYTES = 1 + Long.BYTES + 3 * Double.BYTES;

  private boolean present;
  private long modelVersion;
  private double mean;
  private double lower;
  private double upper;

  boolean isPresent() {
    return present;
  }

  /** True when a forecast of model {@code version} is pending. */
  boolean isFrom(long version) {
    return present && modelVersion == version;
  }

  long modelVersion() {
    return modelVersion;
  }

  double mean() {
    return mean;
  }

  double lower() {
    return lower;
  }

  double upper() {
    return upper;
  }

  /** True when {@code actual} lies inside [lower, upper]. */
  boolean covers(double actual) {
    return lower <= actual && actual <= upper;
  }

  /**
   * True when {@code actual} lies outside [lower, upper]: the miss of adaptive conformal inference
   * (a NaN bound counts as a miss here and as not covered in {@link #covers}).
   */
  boolean isMissedBy(double actual) {
    return actual < lower || actual > upper;
  }

  void remember(long version, double forecastMean, double forecastLower, double forecastUpper) {
    present = true;
    modelVersion = version;
    mean = forecastMean;
    lower = forecastLower;
    upper = forecastUpper;
  }

  /** Nothing pending: the forecast was scored, or none was made. */
  void consume() {
    present = false;
  }

  @Override
  public int encodedSize() {
    return present ? PRESENT_BYTES : 1;
  }

  @Override
  public void writeTo(ByteBuffer out) {
    if (!present) {
      out.put((byte) 0);
      return;
    }
    out.put(PRESENT).putLong(modelVersion).putDouble(mean).putDouble(lower).putDouble(upper);
  }

  @Override
  public void readFrom(ByteBuffer in) {
    byte flag = in.get();
    if (flag != 0 && flag != PRESENT) {
      throw new IllegalStateException(
          "key state: pending forecast flag must be 0 or 1, was " + flag);
    }
    if (flag == PRESENT) {
      remember(in.getLong(), in.getDouble(), in.getDouble(), in.getDouble());
    } else {
      present = false;
      modelVersion = 0;
      mean = 0;
      lower = 0;
      upper = 0;
    }
  }
}
