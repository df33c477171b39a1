package io.nowcast.serde;

/**
 * Confluent's framing: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro binary
 * encoding of the datum (no container header, no fingerprint).
 */
public final class WireFormat {

  /** The first byte of every framed payload. */
  public static final byte MAGIC_BYTE = 0;

  /** Bytes before the Avro body: the magic byte and the schema id. */
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /** The five header bytes for {@code schemaId}; serializers compute them once per schema. */
  public static byte[] header(int schemaId) {
    return new byte[] {
      MAGIC_BYTE,
      (byte) (schemaId >>> 24),
      (byte) (schemaId >>> 16),
      (byte) (schemaId >>> 8),
      (byte) schemaId
    };
  }

  /** The schema id of a payload whose header has been checked to be present. */
  public static int schemaId(byte[] payload) {
    return ((payload[1] & 0xff) << 24)
        | ((payload[2] & 0xff) << 16)
        | ((payload[3] & 0xff) << 8)
        | (payload[4] & 0xff);
  }
}
