package io.nowcast.nn.optim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary layout shared by optimiser states: int kind tag, int format version, int parameter
 * count, long step count, then the moment arrays as float32; all little-endian regardless of the
 * buffer's own order (which is restored afterwards).
 */
final class StateCodec {

  static final int VERSION = 1;
  private static final int HEADER_BYTES = 4 + 4 + 4 + 8;

  private StateCodec() {}

  static int size(int parameterCount, int arrays) {
    return HEADER_BYTES + arrays * parameterCount * Float.BYTES;
  }

  static void write(ByteBuffer buffer, int kind, long steps, float[]... moments) {
    ByteOrder original = buffer.order();
    buffer.order(ByteOrder.LITTLE_ENDIAN);
    try {
      buffer.putInt(kind).putInt(VERSION).putInt(moments[0].length).putLong(steps);
      for (float[] moment : moments) {
        buffer.asFloatBuffer().put(moment);
        buffer.position(buffer.position() + moment.length * Float.BYTES);
      }
    } finally {
      buffer.order(original);
    }
  }

  /** Reads into {@code moments} (already sized) after checking the header; returns the steps. */
  static long read(ByteBuffer buffer, int kind, String kindName, float[]... moments) {
    int parameterCount = moments[0].length;
    ByteOrder original = buffer.order();
    buffer.order(ByteOrder.LITTLE_ENDIAN);
    try {
      checkRemaining(buffer, HEADER_BYTES, kindName, "the header");
      int start = buffer.position();
      checkField(kindName, "kind tag", kind, buffer.getInt(start));
      checkField(kindName, "format version", VERSION, buffer.getInt(start + 4));
      checkField(kindName, "parameter count", parameterCount, buffer.getInt(start + 8));
      long steps = buffer.getLong(start + 12);
      if (steps < 0) {
        throw new IllegalArgumentException(kindName + " state: negative step count " + steps);
      }
      int needed = size(parameterCount, moments.length);
      checkRemaining(buffer, needed, kindName, parameterCount + " parameters");
      buffer.position(start + HEADER_BYTES);
      for (float[] moment : moments) {
        buffer.asFloatBuffer().get(moment);
        buffer.position(buffer.position() + moment.length * Float.BYTES);
      }
      return steps;
    } finally {
      buffer.order(original);
    }
  }

  private static void checkRemaining(ByteBuffer buffer, int needed, String kindName, String what) {
    if (buffer.remaining() < needed) {
      throw new IllegalArgumentException(
          String.format(
              "%s state: need %d bytes for %s, only %d remain",
              kindName, needed, what, buffer.remaining()));
    }
  }

  private static void checkField(String kindName, String field, int expected, int actual) {
    if (expected != actual) {
      throw new IllegalArgumentException(
          String.format(
              "%s state: %s expected %d (0x%x), got %d (0x%x)",
              kindName, field, expected, expected, actual, actual));
    }
  }

  static void checkLengths(String kindName, int parameterCount, float[] params, float[] grads) {
    if (params.length != parameterCount || grads.length != parameterCount) {
      throw new IllegalArgumentException(
          String.format(
              "%s.step: params and grads must both have %d values, got %d and %d",
              kindName, parameterCount, params.length, grads.length));
    }
  }

  static double checkLearningRate(double learningRate) {
    return checkPositive("learningRate", learningRate);
  }

  static double checkPositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
    }
    return value;
  }

  static double checkFraction(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }
    return value;
  }
}
