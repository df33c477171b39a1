package io.nowcast.serde;

import io.nowcast.avro.SensorReading;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the forecaster's input whatever its {@code nowcast.input.format}: our {@code SensorReading}
 * (Confluent wire format), any Avro record (Confluent wire format, mapped by {@link RecordMapping})
 * or a UTF-8 JSON object (mapped likewise). A {@code null} payload is a tombstone and reads as
 * {@code null}; every other failure is a Kafka {@code SerializationException} (a {@link
 * MappingException} for mapping failures) naming the topic.
 */
public final class SensorReadingDeserializer implements Deserializer<SensorReading> {

  /** The accepted values of {@code nowcast.input.format}. */
  private enum InputFormat {
    SENSOR_READING,
    AVRO,
    JSON
  }

  private final SchemaRegistry registry;
  private InputFormat format;
  private AvroDeserializer<SensorReading> ownSchema;
  private AvroDeserializer<GenericRecord> foreignAvro;
  private RecordMapping mapping;

  /**
   * A deserializer whose registry (when the format needs one) comes from {@code
   * schema.registry.url}.
   */
  public SensorReadingDeserializer() {
    this(null);
  }

  /** A deserializer bound to {@code registry} (null: from configuration). */
  public SensorReadingDeserializer(SchemaRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    SerdeConfig config = new SerdeConfig(configs);
    format =
        InputFormat.valueOf(
            config.getString(SerdeConfig.INPUT_FORMAT).replace('-', '_').toUpperCase(Locale.ROOT));
    switch (format) {
      case SENSOR_READING -> {
        ownSchema = new AvroDeserializer<>(SensorReading.class, registry);
        ownSchema.configure(configs, isKey);
      }
      case AVRO -> {
        foreignAvro = new AvroDeserializer<>(null, registry);
        foreignAvro.configure(configs, isKey);
        mapping = RecordMapping.fromConfig(configs);
      }
      case JSON -> mapping = RecordMapping.fromConfig(configs);
    }
  }

  @Override
  public SensorReading deserialize(String topic, byte[] payload) {
    if (payload == null) {
      return null;
    }
    if (format == null) {
      throw new IllegalStateException("SensorReadingDeserializer used before configure()");
    }
    return switch (format) {
      case SENSOR_READING -> ownSchema.deserialize(topic, payload);
      case AVRO ->
          mapping.map(foreignAvro.deserialize(topic, payload), RecordSource.ofTopic(topic));
      case JSON -> mapping.mapJson(payload, RecordSource.ofTopic(topic));
    };
  }
}
