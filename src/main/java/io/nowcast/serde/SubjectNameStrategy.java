package io.nowcast.serde;

import java.util.Arrays;
import org.apache.avro.Schema;

/**
 * How a serializer names the registry subject of a record: Confluent's three strategies, selected
 * by their short names or by Confluent's class names so existing configurations carry over.
 */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (the default). */
  TOPIC_NAME("TopicNameStrategy"),
  /** The record's full name: one lineage per record type, shared across topics. */
  RECORD_NAME("RecordNameStrategy"),
  /** {@code <topic>-<record full name>}: several record types per topic, each with its lineage. */
  TOPIC_RECORD_NAME("TopicRecordNameStrategy");

  private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

  private final String shortName;

  SubjectNameStrategy(String shortName) {
    this.shortName = shortName;
  }

  /** The subject for a key or value of {@code topic} written with {@code schema}. */
  public String subject(String topic, boolean isKey, Schema schema) {
    return switch (this) {
      case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
      case RECORD_NAME -> schema.getFullName();
      case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
    };
  }

  /**
   * Parses {@code TopicNameStrategy}, {@code
   * io.confluent.kafka.serializers.subject.TopicNameStrategy}, {@code TOPIC_NAME} or {@code
   * topic_name} (likewise for the others).
   */
  public static SubjectNameStrategy parse(String name) {
    String trimmed = name.trim();
    String simple =
        trimmed.startsWith(CONFLUENT_PACKAGE)
            ? trimmed.substring(CONFLUENT_PACKAGE.length())
            : trimmed;
    for (SubjectNameStrategy strategy : values()) {
      if (strategy.shortName.equals(simple) || strategy.name().equalsIgnoreCase(simple)) {
        return strategy;
      }
    }
    throw new IllegalArgumentException(
        "Unknown subject name strategy '"
            + name
            + "'; expected one of "
            + Arrays.stream(values()).map(s -> s.shortName).toList()
            + " (optionally prefixed by "
            + CONFLUENT_PACKAGE
            + ")");
  }
}
