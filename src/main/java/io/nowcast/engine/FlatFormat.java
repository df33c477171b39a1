package io.nowcast.engine;

import java.nio.ByteBuffer;

/**
 * Formats 1 and 2: the parts one after the other, without section headers. Still read forever, and
 * format 2 is still written on request, so that instances of a release that reads only formats 1
 * and 2 can share a consumer group with this one during a rolling upgrade ({@code
 * nowcast.state.format.write}). Layout in {@code docs/state-format.md}.
 */
final class FlatFormat {
  static final int V1 = 1;
  static final int V2 = 2;

  private FlatFormat() {}

  /** Bytes {@link #write} writes for {@code state}, the version byte included. */
  static int size(KeyState state) {
    return 1
        + Long.BYTES
        + KeyProgress.BYTES
        + Integer.BYTES
        + state.recurrent.length()
        + Integer.BYTES
        + state.normalisation.encodedSize()
        + state.ring.encodedSize()
        + state.pending.encodedSize()
        + AccuracyWindow.BYTES
        + state.intervals.encodedSize();
  }

  /** Writes format 2, the version byte included. */
  static void write(KeyState state, ByteBuffer out) {
    out.put((byte) V2).putLong(state.recurrent.modelVersion());
    state.progress.writeTo(out);
    out.putInt(state.recurrent.length());
    state.recurrent.writeNetworkTo(out);
    out.putInt(state.normalisation.encodedSize());
    state.normalisation.writeTo(out);
    state.ring.writeTo(out);
    state.pending.writeTo(out);
    state.accuracy.writeTo(out);
    state.intervals.writeTo(out);
  }

  /**
   * Reads the body of format {@code version} (1 or 2; {@code in} is past the version byte) into
   * {@code state}; format 1 has no interval scales, which read as none.
   */
  static void read(ByteBuffer in, int version, KeyState state) {
    long modelVersion = in.getLong();
    state.progress.readFrom(in);
    state.recurrent.read(modelVersion, in, in.getInt());
    state.normalisation.read(in, in.getInt());
    state.ring.readFrom(in);
    state.pending.readFrom(in);
    state.accuracy.readFrom(in);
    if (version == V2) {
      state.intervals.readFrom(in);
    } else {
      state.intervals.clear();
    }
  }
}
