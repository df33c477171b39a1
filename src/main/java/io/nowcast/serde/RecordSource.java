package io.nowcast.serde;

/**
 * Where a record came from, for error messages; partition and offset are -1 when unknown (a
 * deserializer sees only the topic).
 *
 * @param topic the topic, or null when unknown
 * @param partition the partition, -1 when unknown
 * @param offset the offset, -1 when unknown
 */
public record RecordSource(String topic, int partition, long offset) {

  /** A source of which only the topic is known. */
  public static RecordSource ofTopic(String topic) {
    return new RecordSource(topic, -1, -1);
  }

  /** E.g. {@code topic 'sensors' partition 2 offset 17}, leaving out what is unknown. */
  public String describe() {
    StringBuilder text = new StringBuilder("topic '").append(topic).append('\'');
    if (partition >= 0) {
      text.append(" partition ").append(partition);
    }
    if (offset >= 0) {
      text.append(" offset ").append(offset);
    }
    return text.toString();
  }
}
