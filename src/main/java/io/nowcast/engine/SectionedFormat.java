package io.nowcast.engine;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Format 3: the format version, a section count, then one section per part of {@link KeyState}
 * ({@link StateSection}), each as id, payload version, varint payload length and payload. A reader
 * skips a section whose id it does not know, so a later build can add a part without a new format
 * version as long as an older reader may drop it. Layout in {@code docs/state-format.md}.
 */
final class SectionedFormat {
  static final int V3 = 3;

  private static final StateSection[] SECTIONS = StateSection.values();

  private SectionedFormat() {}

  /** Bytes {@link #write} writes for {@code state}, the version byte included. */
  static int size(KeyState state) {
    int bytes = 2;
    for (StateSection section : SECTIONS) {
      int payload = section.of(state).encodedSize();
      bytes += 2 + Varints.size(payload) + payload;
    }
    return bytes;
  }

  static void write(KeyState state, ByteBuffer out) {
    out.put((byte) V3).put((byte) SECTIONS.length);
    for (StateSection section : SECTIONS) {
      StatePart part = section.of(state);
      out.put((byte) section.id).put((byte) StateSection.VERSION);
      Varints.write(out, part.encodedSize());
      part.writeTo(out);
    }
  }

  /** Reads the sections ({@code in} is past the version byte) into {@code state}. */
  static void read(ByteBuffer in, KeyState state) {
    int count = Byte.toUnsignedInt(in.get());
    int previousId = 0;
    long seen = 0;
    for (int i = 0; i < count; i++) {
      int id = Byte.toUnsignedInt(in.get());
      int version = Byte.toUnsignedInt(in.get());
      long length = Varints.read(in);
      if (id <= previousId) {
        throw new IllegalStateException(
            "key state: section id "
                + id
                + " after id "
                + previousId
                + " (sections come once each, in ascending id order)");
      }
      previousId = id;
      if (!Varints.inRange(length, in.remaining())) {
        throw new IllegalStateException(
            "key state: section "
                + id
                + " of "
                + length
                + " bytes does not fit the "
                + in.remaining()
                + " bytes left in the blob");
      }
      StateSection section = StateSection.withId(id);
      if (section == null) {
        // A part added by a later build: dropped here, rebuilt by the build that knows it.
        in.position(in.position() + (int) length);
        continue;
      }
      readSection(section, version, in, (int) length, state);
      seen |= 1L << id;
    }
    for (StateSection section : SECTIONS) {
      if ((seen & (1L << section.id)) == 0) {
        throw new IllegalStateException(
            "key state: section " + section.id + " (" + section.label + ") is missing");
      }
    }
  }

  private static void readSection(
      StateSection section, int version, ByteBuffer in, int length, KeyState state) {
    if (version != StateSection.VERSION) {
      throw new IllegalStateException(
          "key state: section "
              + section.label
              + " has version "
              + version
              + ", this build reads version "
              + StateSection.VERSION);
    }
    int limit = in.limit();
    in.limit(in.position() + length);
    try {
      section.of(state).readFrom(in);
    } catch (BufferUnderflowException e) {
      throw new IllegalStateException(
          "key state: section " + section.label + " of " + length + " bytes ends inside a field",
          e);
    }
    if (in.hasRemaining()) {
      throw new IllegalStateException(
          "key state: section "
              + section.label
              + " has "
              + in.remaining()
              + " unexpected bytes after its last field");
    }
    in.limit(limit);
  }
}
