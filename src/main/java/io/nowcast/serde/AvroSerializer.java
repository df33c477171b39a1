package io.nowcast.serde;

import io.nowcast.avro.GeneratedClassTrust;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated {@link SpecificRecord}s or {@code GenericRecord}s) in Confluent's
 * wire format, registering or looking up the schema under the subject chosen by the configured
 * {@link SubjectNameStrategy}.
 *
 * <p>{@code null} serialises to {@code null}: Kafka's tombstone convention. The 5-byte header is
 * computed once per (topic, schema) and encoders are reused per thread, so after warm-up a call
 * allocates only the returned array. Thread-safe, as a producer's serializer must be.
 *
 * @param <T> the record type
 */
public class AvroSerializer<T> implements Serializer<T> {

  static {
    GeneratedClassTrust.trustGeneratedSchemas();
  }

  private static final ThreadLocal<EncodingBuffers> BUFFERS =
      ThreadLocal.withInitial(EncodingBuffers::new);

  private SchemaRegistry registry;
  private SubjectNameStrategy strategy = SubjectNameStrategy.TOPIC_NAME;
  private boolean isKey;
  private boolean autoRegister = true;
  private boolean useLatestVersion;
  private final Map<String, Map<Schema, byte[]>> headersByTopic = new ConcurrentHashMap<>();
  private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

  /** The per-thread sink and encoder reused across calls. */
  private static final class EncodingBuffers {
    final GrowableBytes bytes = new GrowableBytes();
    BinaryEncoder encoder;
  }

  /** A serializer whose registry comes from {@code schema.registry.url} at {@link #configure}. */
  public AvroSerializer() {}

  /** A serializer bound to {@code registry}; {@link #configure} then ignores the URL. */
  public AvroSerializer(SchemaRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    SerdeConfig config = new SerdeConfig(configs);
    if (registry == null) {
      registry = SchemaRegistries.fromConfig(config);
    }
    this.isKey = isKey;
    this.autoRegister = config.getBoolean(SerdeConfig.AUTO_REGISTER_SCHEMAS);
    this.useLatestVersion = config.getBoolean(SerdeConfig.USE_LATEST_VERSION);
    this.strategy =
        SubjectNameStrategy.parse(
            config.getString(
                isKey
                    ? SerdeConfig.KEY_SUBJECT_NAME_STRATEGY
                    : SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY));
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException("AvroSerializer used before configure(): no schema registry");
    }
    Schema schema = schemaOf(topic, data);
    byte[] header = header(topic, schema);
    EncodingBuffers buffers = BUFFERS.get();
    buffers.bytes.reset();
    buffers.bytes.write(header, 0, header.length);
    buffers.encoder = EncoderFactory.get().binaryEncoder(buffers.bytes, buffers.encoder);
    try {
      writer(data, schema).write(data, buffers.encoder);
      buffers.encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot serialise "
              + part()
              + " for topic '"
              + topic
              + "' (schema id "
              + WireFormat.schemaId(header)
              + ", "
              + schema.getFullName()
              + "): the record does not match its schema: "
              + e.getMessage(),
          e);
    }
    return buffers.bytes.toByteArray();
  }

  /**
   * Resolves now what the first {@link #serialize} of a {@code schema} record to {@code topic}
   * would (registering, looking up or fetching the latest version, as configured) and caches it, so
   * that an application can settle its output schemas before it starts and fail there.
   *
   * @return the schema id records of {@code schema} to {@code topic} will carry
   * @throws SerializationException as {@link #serialize} would, naming the topic and the subject
   */
  public int prepare(String topic, Schema schema) {
    if (registry == null) {
      throw new IllegalStateException("AvroSerializer used before configure(): no schema registry");
    }
    return WireFormat.schemaId(header(topic, schema));
  }

  private Schema schemaOf(String topic, T data) {
    if (data instanceof GenericContainer container) {
      return container.getSchema();
    }
    throw new SerializationException(
        "Cannot serialise "
            + part()
            + " for topic '"
            + topic
            + "' (schema id unknown): expected an Avro record (GenericContainer), got "
            + data.getClass().getName());
  }

  private byte[] header(String topic, Schema schema) {
    Map<Schema, byte[]> headers =
        headersByTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
    byte[] header = headers.get(schema);
    if (header == null) {
      header = WireFormat.header(schemaId(topic, schema));
      headers.put(schema, header);
    }
    return header;
  }

  private int schemaId(String topic, Schema schema) {
    String subject = strategy.subject(topic, isKey, schema);
    try {
      if (useLatestVersion) {
        return latestId(topic, subject, schema);
      }
      return autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
    } catch (SchemaRegistryException e) {
      String action =
          useLatestVersion
              ? "fetch the latest schema of"
              : autoRegister ? "register schema under" : "look up schema under";
      throw new SerializationException(
          "Cannot serialise "
              + part()
              + " for topic '"
              + topic
              + "' (schema id unknown): could not "
              + action
              + " subject '"
              + subject
              + "': "
              + e.getMessage(),
          e);
    }
  }

  private int latestId(String topic, String subject, Schema schema) {
    RegisteredSchema latest = registry.latest(subject);
    if (SchemaNormalization.parsingFingerprint64(latest.schema())
        != SchemaNormalization.parsingFingerprint64(schema)) {
      throw new SerializationException(
          "Cannot serialise "
              + part()
              + " for topic '"
              + topic
              + "' (schema id "
              + latest.id()
              + "): use.latest.version is set but the latest schema of subject '"
              + subject
              + "' (version "
              + latest.version()
              + ") encodes differently from the record's schema "
              + schema.getFullName());
    }
    return latest.id();
  }

  @SuppressWarnings("unchecked")
  private DatumWriter<Object> writer(T data, Schema schema) {
    DatumWriter<Object> writer = writers.get(schema);
    if (writer == null) {
      writer =
          data instanceof SpecificRecord specific
              ? new SpecificDatumWriter<>(schema, SpecificData.getForClass(specific.getClass()))
              : new GenericDatumWriter<>(schema, GenericData.get());
      writers.put(schema, writer);
    }
    return writer;
  }

  private String part() {
    return isKey ? "key" : "value";
  }
}
