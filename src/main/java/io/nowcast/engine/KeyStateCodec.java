package io.nowcast.engine;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Stores a {@link KeyState} as bytes and back: the per-key blob of the forecaster's state store and
 * its changelog, byte by byte in {@code docs/state-format.md}.
 *
 * <p>Reading accepts every format version ever written (1, 2 and 3). Writing uses one format,
 * chosen at construction: {@value #LATEST_FORMAT} (sectioned) by default, or {@value
 * #PREVIOUS_FORMAT} so that instances of the previous release, which read only formats 1 and 2, can
 * share a consumer group with this one during a rolling upgrade.
 *
 * <p>For the hot path, {@link #decodeInto} refills an existing state and reuses its arrays where
 * the sizes match, and {@link #encode(KeyState, ByteBuffer)} writes into a buffer the caller may
 * reuse. Instances are immutable and thread-safe.
 */
public final class KeyStateCodec {
  /** The sectioned format, written by default. */
  public static final int LATEST_FORMAT = SectionedFormat.V3;

  /** The flat format of the previous release, still written on request. */
  public static final int PREVIOUS_FORMAT = FlatFormat.V2;

  private static final KeyStateCodec LATEST = new KeyStateCodec(LATEST_FORMAT);

  private final int format;

  private KeyStateCodec(int format) {
    this.format = format;
  }

  /** The codec writing format {@value #LATEST_FORMAT}. */
  public static KeyStateCodec latest() {
    return LATEST;
  }

  /**
   * The codec writing {@code format}.
   *
   * @throws IllegalArgumentException unless {@code format} is {@value #PREVIOUS_FORMAT} or {@value
   *     #LATEST_FORMAT}
   */
  public static KeyStateCodec writing(int format) {
    if (format == LATEST_FORMAT) {
      return LATEST;
    }
    if (format == PREVIOUS_FORMAT) {
      return new KeyStateCodec(format);
    }
    throw new IllegalArgumentException(
        "key state: cannot write format "
            + format
            + ", only "
            + PREVIOUS_FORMAT
            + " or "
            + LATEST_FORMAT);
  }

  /** The format version this codec writes. */
  public int format() {
    return format;
  }

  /** Bytes {@link #encode} writes for {@code state} now. */
  public int encodedSize(KeyState state) {
    return format == LATEST_FORMAT ? SectionedFormat.size(state) : FlatFormat.size(state);
  }

  /** The blob of {@code state}, in a new array of exactly {@link #encodedSize} bytes. */
  public byte[] encode(KeyState state) {
    byte[] blob = new byte[encodedSize(state)];
    encode(state, ByteBuffer.wrap(blob));
    return blob;
  }

  /**
   * Writes the blob of {@code state} at {@code out}'s position, advancing it by {@link
   * #encodedSize}; {@code out} must be big-endian and have that much room.
   *
   * @throws java.nio.BufferOverflowException if it has not
   */
  public void encode(KeyState state, ByteBuffer out) {
    if (format == LATEST_FORMAT) {
      SectionedFormat.write(state, out);
    } else {
      FlatFormat.write(state, out);
    }
  }

  /**
   * Reads a blob of any format version into a new state.
   *
   * @throws IllegalStateException naming the field when the format version is unknown, the blob is
   *     truncated or has trailing bytes, or a field is out of range
   */
  public static KeyState decode(byte[] blob) {
    return decodeInto(blob, new KeyState(0));
  }

  /**
   * Reads a blob of any format version into {@code existing}, replacing every field and reusing its
   * arrays where the sizes match (the ring's at the same capacity, the recurrent and feature state
   * bytes, the interval scales at the same horizon); returns {@code existing}. After a failure
   * {@code existing} holds a mix of old and new fields: decode into it again before using it.
   *
   * @throws IllegalStateException as {@link #decode}
   */
  public static KeyState decodeInto(byte[] blob, KeyState existing) {
    if (blob == null || blob.length == 0) {
      throw new IllegalStateException(
          "key state: empty blob, expected at least the format version byte");
    }
    int version = blob[0];
    ByteBuffer in = ByteBuffer.wrap(blob, 1, blob.length - 1);
    try {
      if (version == LATEST_FORMAT) {
        SectionedFormat.read(in, existing);
      } else if (version == FlatFormat.V1 || version == FlatFormat.V2) {
        FlatFormat.read(in, version, existing);
      } else {
        throw new IllegalStateException(
            "key state: unknown format version "
                + version
                + ", this build reads "
                + FlatFormat.V1
                + ".."
                + LATEST_FORMAT
                + " (was the state written by a newer Nowcast?)");
      }
    } catch (BufferUnderflowException e) {
      throw new IllegalStateException(
          "key state: blob of "
              + blob.length
              + " bytes is truncated at byte "
              + in.position()
              + " (format version "
              + version
              + ")",
          e);
    }
    if (in.hasRemaining()) {
      throw new IllegalStateException(
          "key state: "
              + in.remaining()
              + " unexpected bytes after the last field of format version "
              + version
              + " (blob of "
              + blob.length
              + " bytes)");
    }
    return existing;
  }
}
