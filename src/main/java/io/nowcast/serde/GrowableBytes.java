package io.nowcast.serde;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronised, reusable byte sink: one per thread lets a serializer encode without allocating
 * anything but the final payload array.
 */
final class GrowableBytes extends OutputStream {

  private byte[] buffer = new byte[256];
  private int size;

  void reset() {
    size = 0;
  }

  @Override
  public void write(int b) {
    ensure(1);
    buffer[size++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private void ensure(int extra) {
    if (size + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
    }
  }
}
