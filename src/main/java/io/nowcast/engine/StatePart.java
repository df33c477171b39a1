package io.nowcast.engine;

import java.nio.ByteBuffer;

/** A part of {@link KeyState} that owns its binary form: one section of format 3. */
interface StatePart {
  /** Bytes {@link #writeTo} writes now. */
  int encodedSize();

  void writeTo(ByteBuffer out);

  /**
   * Replaces the part's fields with what {@link #writeTo} wrote; {@code in}'s limit is the end of
   * the part, reused arrays where the sizes match.
   */
  void readFrom(ByteBuffer in);
}
