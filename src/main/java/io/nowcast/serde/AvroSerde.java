package io.nowcast.serde;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serializer and deserializer of one record type as a Kafka {@link Serde}, configured together.
 *
 * @param <T> the record type
 */
public class AvroSerde<T> implements Serde<T> {

  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  /**
   * A generic serde (or writer-named specific with {@code specific.avro.reader}); registry from
   * config.
   */
  public AvroSerde() {
    this(null, null);
  }

  /** A serde of the generated class {@code type}; registry from config. */
  public AvroSerde(Class<T> type) {
    this(type, null);
  }

  /** A serde of {@code type} (null for generic) bound to {@code registry} (null: from config). */
  public AvroSerde(Class<T> type, SchemaRegistry registry) {
    this.serializer = registry == null ? new AvroSerializer<>() : new AvroSerializer<>(registry);
    this.deserializer = new AvroDeserializer<>(type, registry);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
