package io.nowcast.engine;

import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 variable-length integers (7 bits per byte, low group first, high bit = more), as
 * in Protocol Buffers: small numbers such as timestamp deltas and counts take one to three bytes.
 */
final class Varints {
  /** A 64-bit value needs at most ten 7-bit groups. */
  private static final int MAX_BYTES = 10;

  private Varints() {}

  static int size(long value) {
    int bytes = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      bytes++;
    }
    return bytes;
  }

  static void write(ByteBuffer out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  /**
   * Reads one varint; callers check its range and name the field themselves, so the common path
   * builds no message strings.
   */
  static long read(ByteBuffer in) {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      byte b = in.get();
      value |= (long) (b & 0x7F) << (7 * i);
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalStateException(
        "key state: varint longer than " + MAX_BYTES + " bytes ending at byte " + in.position());
  }

  /** True when {@code value} is in [0, max]. */
  static boolean inRange(long value, long max) {
    return value >= 0 && value <= max;
  }
}
