package io.nowcast.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A foreign record lacks a mapped field, or the field has the wrong type. It is a Kafka {@link
 * SerializationException} so that a mapping deserializer's failure reaches Kafka Streams'
 * deserialization handler (and the dead-letter topic) like any unreadable record.
 */
public class MappingException extends SerializationException {

  private static final long serialVersionUID = 1L;

  private final String path;
  private final transient RecordSource source;

  /** A failure at field {@code path} of the record from {@code source} (null when unknown). */
  public MappingException(String path, RecordSource source, String problem) {
    super(
        "Cannot map record"
            + (source == null ? "" : " from " + source.describe())
            + ": field '"
            + path
            + "' "
            + problem);
    this.path = path;
    this.source = source;
  }

  /** The configured dot-separated path that failed ({@code $} for the record as a whole). */
  public String path() {
    return path;
  }

  /** Where the record came from, or null when the caller did not say. */
  public RecordSource source() {
    return source;
  }
}
