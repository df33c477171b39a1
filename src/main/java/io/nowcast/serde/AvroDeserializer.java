package io.nowcast.serde;

import io.nowcast.avro.GeneratedClassTrust;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro: fetches the writer schema by the payload's id (cached by the
 * registry client) and resolves it to the reader schema with Avro's schema resolution, so a record
 * written with an older schema reads with the new fields' defaults.
 *
 * <p>The reader schema is the target class's when the deserializer is built for a class; the
 * generated class named by the writer schema when {@code specific.avro.reader=true}; otherwise the
 * writer schema itself (a {@code GenericRecord}). Within one deserializer the reader schema is
 * therefore a function of the writer id, and readers are cached per writer id.
 *
 * <p>A {@code null} payload is a tombstone and reads as {@code null}. Anything else that cannot be
 * read (empty, wrong magic byte, truncated, unknown id, incompatible writer schema, registry
 * unreachable) throws a {@link SerializationException} naming the topic, the schema id and the
 * problem, so Kafka Streams can dead-letter it. Thread-safe.
 *
 * @param <T> the record type
 */
public class AvroDeserializer<T> implements Deserializer<T> {

  static {
    GeneratedClassTrust.trustGeneratedSchemas();
  }

  private static final ThreadLocal<BinaryDecoder[]> DECODERS =
      ThreadLocal.withInitial(() -> new BinaryDecoder[1]);

  private final Class<T> type;
  private SchemaRegistry registry;
  private boolean specificReader;
  private boolean isKey;
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

  /** A generic (or, with {@code specific.avro.reader}, writer-named specific) deserializer. */
  public AvroDeserializer() {
    this(null, null);
  }

  /**
   * A deserializer reading every payload as {@code type} (a generated class), registry from config.
   */
  public AvroDeserializer(Class<T> type) {
    this(type, null);
  }

  /** A deserializer bound to {@code registry}; {@code type} may be null for generic reading. */
  public AvroDeserializer(Class<T> type, SchemaRegistry registry) {
    this.type = type;
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    SerdeConfig config = new SerdeConfig(configs);
    if (registry == null) {
      registry = SchemaRegistries.fromConfig(config);
    }
    this.isKey = isKey;
    this.specificReader = config.getBoolean(SerdeConfig.SPECIFIC_AVRO_READER);
  }

  @Override
  public T deserialize(String topic, byte[] payload) {
    if (payload == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException(
          "AvroDeserializer used before configure(): no schema registry");
    }
    checkHeader(topic, payload);
    int id = WireFormat.schemaId(payload);
    DatumReader<T> reader = reader(topic, id);
    BinaryDecoder[] slot = DECODERS.get();
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(
                payload,
                WireFormat.HEADER_LENGTH,
                payload.length - WireFormat.HEADER_LENGTH,
                slot[0]);
    slot[0] = decoder;
    try {
      T value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw fail(
            topic,
            id,
            "payload of "
                + payload.length
                + " bytes has bytes left after the record: "
                + "it was not written with schema id "
                + id,
            null);
      }
      return value;
    } catch (SerializationException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw fail(
          topic, id, "truncated or corrupt Avro body (" + payload.length + " bytes): " + e, e);
    }
  }

  private void checkHeader(String topic, byte[] payload) {
    if (payload.length == 0) {
      throw fail(topic, -1, "empty payload (a tombstone must be null, not zero bytes)", null);
    }
    if (payload[0] != WireFormat.MAGIC_BYTE) {
      throw fail(
          topic,
          -1,
          "unknown magic byte "
              + payload[0]
              + ", expected "
              + WireFormat.MAGIC_BYTE
              + " (not Confluent wire format)",
          null);
    }
    if (payload.length < WireFormat.HEADER_LENGTH) {
      throw fail(
          topic,
          -1,
          "truncated payload of "
              + payload.length
              + " bytes, shorter than the "
              + WireFormat.HEADER_LENGTH
              + "-byte header",
          null);
    }
  }

  private DatumReader<T> reader(String topic, int id) {
    DatumReader<T> reader = readers.get(id);
    if (reader == null) {
      reader = newReader(topic, id);
      readers.put(id, reader);
    }
    return reader;
  }

  private DatumReader<T> newReader(String topic, int id) {
    Schema writer;
    try {
      writer = registry.getById(id);
    } catch (SchemaRegistryException e) {
      String what = e.notFound() ? "unknown schema id" : "cannot fetch the writer schema";
      throw fail(topic, id, what + ": " + e.getMessage(), e);
    }
    if (type == null && !specificReader) {
      return new GenericDatumReader<>(writer, writer, GenericData.get());
    }
    Class<?> target = type != null ? type : generatedClassOf(topic, id, writer);
    if (target == null) {
      throw fail(
          topic,
          id,
          "specific.avro.reader is set but no generated class exists for writer schema "
              + writer.getFullName(),
          null);
    }
    SpecificData model = SpecificData.getForClass(target);
    Schema readerSchema = model.getSchema(target);
    checkCompatible(topic, id, writer, readerSchema);
    return new SpecificDatumReader<>(writer, readerSchema, model);
  }

  private Class<?> generatedClassOf(String topic, int id, Schema writer) {
    try {
      return SpecificData.get().getClass(writer);
    } catch (
        RuntimeException
            e) { // Avro refuses classes outside its trusted set with a SecurityException
      throw fail(
          topic,
          id,
          "cannot load the generated class of writer schema "
              + writer.getFullName()
              + " (trust it with -Dorg.apache.avro.SERIALIZABLE_PACKAGES): "
              + e.getMessage(),
          e);
    }
  }

  private void checkCompatible(String topic, int id, Schema writer, Schema reader) {
    String problem = ReadCompatibility.problem(reader, writer);
    if (problem != null) {
      throw fail(
          topic,
          id,
          "writer schema "
              + writer.getFullName()
              + " is incompatible with reader schema "
              + reader.getFullName()
              + ": "
              + problem,
          null);
    }
  }

  private SerializationException fail(String topic, int id, String problem, Throwable cause) {
    String idText = id < 0 ? "unknown" : Integer.toString(id);
    return new SerializationException(
        "Cannot deserialise "
            + (isKey ? "key" : "value")
            + " of topic '"
            + topic
            + "' (schema id "
            + idText
            + "): "
            + problem,
        cause);
  }
}
