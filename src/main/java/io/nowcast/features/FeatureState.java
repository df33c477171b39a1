package io.nowcast.features;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The per-key memory of the feature pipeline: running statistics of the value and of each
 * covariate, the reading count, the typical sampling interval, the last timestamp and value.
 * Mutable and not thread-safe: one instance per key, owned by whoever processes that key. Only
 * {@link FeaturePipeline} changes it.
 *
 * <p>Binary form ({@link #writeTo}, in the buffer's byte order, {@link #sizeBytes()} bytes): format
 * byte {@value #FORMAT_VERSION}; count, mean, variance, last timestamp, last value, typical
 * interval (8 bytes each); covariate count (2 bytes); then per covariate its count, mean and
 * variance (8 bytes each).
 */
public final class FeatureState {

  /** Version of the binary form; bumped whenever the layout changes. */
  public static final byte FORMAT_VERSION = 1;

  private static final int FIXED_BYTES = 1 + 6 * Long.BYTES + Short.BYTES;
  private static final int BYTES_PER_COVARIATE = 3 * Long.BYTES;

  long count;
  double mean;
  double variance;
  long lastTimestamp;
  double lastValue;

  /**
   * Typical Δt between readings in milliseconds; 0 until two readings with a positive Δt were seen.
   */
  double typicalInterval;

  final long[] covariateCount;
  final double[] covariateMean;
  final double[] covariateVariance;

  /** An empty state (no reading seen) for a spec with {@code covariates} covariates. */
  public FeatureState(int covariates) {
    if (covariates < 0 || covariates > Short.MAX_VALUE) {
      throw new IllegalArgumentException(
          "covariates must be in [0, " + Short.MAX_VALUE + "], was " + covariates);
    }
    covariateCount = new long[covariates];
    covariateMean = new double[covariates];
    covariateVariance = new double[covariates];
  }

  /** Number of readings observed. */
  public long count() {
    return count;
  }

  /** Timestamp (epoch millis) of the last reading; meaningless while {@link #count()} is 0. */
  public long lastTimestamp() {
    return lastTimestamp;
  }

  /** The last raw value; meaningless while {@link #count()} is 0. */
  public double lastValue() {
    return lastValue;
  }

  /** The key's typical interval between readings in milliseconds, or 0 while unknown. */
  public double typicalIntervalMillis() {
    return typicalInterval;
  }

  /** Number of covariates this state tracks. */
  public int covariates() {
    return covariateMean.length;
  }

  /** Bytes {@link #writeTo} writes. */
  public int sizeBytes() {
    return FIXED_BYTES + BYTES_PER_COVARIATE * covariateMean.length;
  }

  /** Writes the binary form at the buffer's position, advancing it by {@link #sizeBytes()}. */
  public void writeTo(ByteBuffer out) {
    out.put(FORMAT_VERSION)
        .putLong(count)
        .putDouble(mean)
        .putDouble(variance)
        .putLong(lastTimestamp)
        .putDouble(lastValue)
        .putDouble(typicalInterval)
        .putShort((short) covariateMean.length);
    for (int i = 0; i < covariateMean.length; i++) {
      out.putLong(covariateCount[i]).putDouble(covariateMean[i]).putDouble(covariateVariance[i]);
    }
  }

  /**
   * Overwrites this state with the binary form at the buffer's position (no allocation), advancing
   * it by {@link #sizeBytes()}.
   *
   * @throws IllegalArgumentException if the format version or the covariate count differs from this
   *     state's, or the buffer is too short
   */
  public void readFrom(ByteBuffer in) {
    try {
      byte version = in.get();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException(
            "feature state: format version " + version + " is not the supported " + FORMAT_VERSION);
      }
      long readCount = in.getLong();
      double readMean = in.getDouble();
      double readVariance = in.getDouble();
      long readLastTimestamp = in.getLong();
      double readLastValue = in.getDouble();
      double readInterval = in.getDouble();
      int covariates = in.getShort();
      if (covariates != covariateMean.length) {
        throw new IllegalArgumentException(
            "feature state: expected "
                + covariateMean.length
                + " covariates, the stored state has "
                + covariates);
      }
      for (int i = 0; i < covariates; i++) {
        covariateCount[i] = in.getLong();
        covariateMean[i] = in.getDouble();
        covariateVariance[i] = in.getDouble();
      }
      count = readCount;
      mean = readMean;
      variance = readVariance;
      lastTimestamp = readLastTimestamp;
      lastValue = readLastValue;
      typicalInterval = readInterval;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("feature state: buffer ends before the state does", e);
    }
  }

  /** Reads a state of any covariate count from the buffer's position (allocates the new state). */
  public static FeatureState fromBuffer(ByteBuffer in) {
    int covariatesAt = in.position() + FIXED_BYTES - Short.BYTES;
    if (in.limit() < covariatesAt + Short.BYTES) {
      throw new IllegalArgumentException("feature state: buffer ends before the state does");
    }
    FeatureState state = new FeatureState(in.getShort(covariatesAt));
    state.readFrom(in);
    return state;
  }

  /** Resets to the empty state, keeping the covariate count (for re-warming a key from scratch). */
  public void clear() {
    count = 0;
    mean = 0;
    variance = 0;
    lastTimestamp = 0;
    lastValue = 0;
    typicalInterval = 0;
    Arrays.fill(covariateCount, 0);
    Arrays.fill(covariateMean, 0);
    Arrays.fill(covariateVariance, 0);
  }
}
