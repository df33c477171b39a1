package io.nowcast.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The recurrent state of one sequence (one sensor): {@link #h()} holds every layer's hidden vector
 * concatenated, layer 0 first; {@link #c()} likewise the LSTM cell vectors (empty for GRU and RNN).
 * Owned by the caller and updated in place by {@link Network#step}. A fresh state is all zeros.
 *
 * <p>Serialised form ({@link #writeTo}): the h floats then the c floats, little-endian IEEE 754,
 * {@link #serializedSize()} bytes, no header (the caller's per-key format carries the version).
 */
public final class NetworkState {
  private final float[] h;
  private final float[] c;

  public NetworkState(NetworkSpec spec) {
    h = new float[spec.totalHidden()];
    c = new float[spec.cell() == CellType.LSTM ? spec.totalHidden() : 0];
  }

  /** Live hidden vectors of all layers (layer 0 first). */
  public float[] h() {
    return h;
  }

  /** Live LSTM cell vectors of all layers; length 0 for GRU and RNN. */
  public float[] c() {
    return c;
  }

  /** Back to the zero state a sequence starts from. */
  public void reset() {
    Arrays.fill(h, 0f);
    Arrays.fill(c, 0f);
  }

  public void copyFrom(NetworkState other) {
    requireSameShape(other);
    System.arraycopy(other.h, 0, h, 0, h.length);
    System.arraycopy(other.c, 0, c, 0, c.length);
  }

  /** Bytes written by {@link #writeTo}: 4 × (h length + c length). */
  public int serializedSize() {
    return Float.BYTES * (h.length + c.length);
  }

  /**
   * Writes h then c as little-endian floats at the buffer's position; its byte order is left
   * unchanged.
   */
  public void writeTo(ByteBuffer buffer) {
    ByteOrder callerOrder = buffer.order();
    buffer.order(ByteOrder.LITTLE_ENDIAN);
    try {
      for (float value : h) {
        buffer.putFloat(value);
      }
      for (float value : c) {
        buffer.putFloat(value);
      }
    } finally {
      buffer.order(callerOrder);
    }
  }

  /** Reads what {@link #writeTo} wrote for a network of the same spec. */
  public void readFrom(ByteBuffer buffer) {
    if (buffer.remaining() < serializedSize()) {
      throw new IllegalArgumentException(
          "network state: expected "
              + serializedSize()
              + " bytes (h "
              + h.length
              + " + c "
              + c.length
              + " floats), only "
              + buffer.remaining()
              + " remain");
    }
    ByteOrder callerOrder = buffer.order();
    buffer.order(ByteOrder.LITTLE_ENDIAN);
    try {
      readFloats(buffer, h);
      readFloats(buffer, c);
    } finally {
      buffer.order(callerOrder);
    }
  }

  private static void readFloats(ByteBuffer buffer, float[] target) {
    for (int i = 0; i < target.length; i++) {
      target[i] = buffer.getFloat();
    }
  }

  private void requireSameShape(NetworkState other) {
    if (other.h.length != h.length || other.c.length != c.length) {
      throw new IllegalArgumentException(
          "network state shape: expected h "
              + h.length
              + ", c "
              + c.length
              + " but was h "
              + other.h.length
              + ", c "
              + other.c.length);
    }
  }
}
