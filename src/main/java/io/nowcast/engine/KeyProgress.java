package io.nowcast.engine;

import java.nio.ByteBuffer;

/**
 * How far one key has got: the number of readings it processed and the last one. Its rule is the
 * skip policy: event time must increase strictly per key.
 *
 * <p>Binary form ({@value #BYTES} bytes): observations (long), last timestamp (long), last value
 * (double).
 */
final class KeyProgress implements StatePart {
  static final int BYTES = 2 * Long.BYTES + Double.BYTES;

  private long observations;
  private long lastTimestamp;
  private double lastValue;

  long observations() {
    return observations;
  }

  long lastTimestamp() {
    return lastTimestamp;
  }

  double lastValue() {
    return lastValue;
  }

  /** True once a reading was processed. */
  boolean hasHistory() {
    return observations > 0;
  }

  /** Why a reading at {@code timestamp} must be skipped, or null when it may be processed. */
  SkipReason skipReason(long timestamp) {
    if (observations == 0 || timestamp > lastTimestamp) {
      return null;
    }
    return timestamp == lastTimestamp ? SkipReason.DUPLICATE : SkipReason.OUT_OF_ORDER;
  }

  /** Records a processed reading. */
  void advance(long timestamp, double value) {
    observations++;
    lastTimestamp = timestamp;
    lastValue = value;
  }

  @Override
  public int encodedSize() {
    return BYTES;
  }

  @Override
  public void writeTo(ByteBuffer out) {
    out.putLong(observations).putLong(lastTimestamp).putDouble(lastValue);
  }

  @Override
  public void readFrom(ByteBuffer in) {
    observations = in.getLong();
    lastTimestamp = in.getLong();
    lastValue = in.getDouble();
  }
}
