package io.nowcast.engine;

import java.nio.ByteBuffer;

/**
 * The bytes of a state part that keeps another class's binary form ({@link RecurrentState}, {@link
 * Normalisation}). The array is reused whenever the size stays the same, so that neither a step nor
 * a {@code decodeInto} allocates it again.
 */
final class StoredBytes {
  private static final byte[] EMPTY = new byte[0];

  private byte[] bytes = EMPTY;

  int length() {
    return bytes.length;
  }

  /** The bytes to read from. */
  ByteBuffer view() {
    return ByteBuffer.wrap(bytes);
  }

  /** The bytes to write to, resized to {@code size} first. */
  ByteBuffer resizedTo(int size) {
    if (bytes.length != size) {
      bytes = size == 0 ? EMPTY : new byte[size];
    }
    return ByteBuffer.wrap(bytes);
  }

  void clear() {
    bytes = EMPTY;
  }

  void writeTo(ByteBuffer out) {
    out.put(bytes);
  }

  /** Reads {@code length} bytes from {@code in}; {@code field} names them in the error. */
  void read(ByteBuffer in, int length, String field) {
    if (length < 0 || length > in.remaining()) {
      throw new IllegalStateException(
          "key state: "
              + field
              + " length "
              + length
              + " does not fit the "
              + in.remaining()
              + " bytes left");
    }
    resizedTo(length);
    in.get(bytes);
  }
}
