package io.nowcast.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.SensorReading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private static final String SCOPE = "avro-serde-test";
  private static final String TOPIC = "sensors";

  @AfterEach
  void dropRegistry() {
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  private static Map<String, Object> config(Object... extra) {
    Map<String, Object> config = new HashMap<>();
    config.put(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
    for (int i = 0; i < extra.length; i += 2) {
      config.put((String) extra[i], extra[i + 1]);
    }
    return config;
  }

  private static <T> AvroSerializer<T> serializer(Map<String, Object> config, boolean isKey) {
    AvroSerializer<T> serializer = new AvroSerializer<>();
    serializer.configure(config, isKey);
    return serializer;
  }

  private static <T> AvroDeserializer<T> deserializer(Class<T> type, Map<String, Object> config) {
    AvroDeserializer<T> deserializer = new AvroDeserializer<>(type);
    deserializer.configure(config, false);
    return deserializer;
  }

  private static byte[] avroBody(SpecificRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  @Test
  void wireFormatIsMagicZeroBigEndianIdThenAvroBinary() throws IOException {
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
    // Push the id past one byte so the big-endian order is visible.
    for (int i = 0; i < 300; i++) {
      registry.register(
          "filler-" + i, SchemaBuilder.record("Filler" + i).fields().requiredInt("x").endRecord());
    }
    SensorReading reading = TestRecords.sensorReading();
    byte[] payload = serializer(config(), false).serialize(TOPIC, reading);

    int id = registry.lookup(TOPIC + "-value", SensorReading.getClassSchema());
    assertEquals(301, id);
    assertArrayEquals(new byte[] {0, 0, 0, 1, 45}, Arrays.copyOf(payload, 5));
    assertArrayEquals(avroBody(reading), Arrays.copyOfRange(payload, 5, payload.length));
  }

  @Test
  void specificRecordsOfAllFourSchemasRoundTrip() {
    for (SpecificRecord record : TestRecords.allFour()) {
      @SuppressWarnings("unchecked")
      Class<SpecificRecord> type = (Class<SpecificRecord>) record.getClass();
      AvroSerde<SpecificRecord> serde = NowcastSerdes.specific(type, config(), false);
      byte[] payload = serde.serializer().serialize("topic-" + type.getSimpleName(), record);
      assertEquals(
          record, serde.deserializer().deserialize("topic-" + type.getSimpleName(), payload));
    }
  }

  @Test
  void genericRecordsOfAllFourSchemasRoundTrip() {
    AvroSerde<GenericRecord> generic = NowcastSerdes.generic(config(), false);
    for (SpecificRecord record : TestRecords.allFour()) {
      String topic = "generic-" + record.getSchema().getName();
      byte[] specificPayload = serializer(config(), false).serialize(topic, record);
      GenericRecord read = generic.deserializer().deserialize(topic, specificPayload);
      assertEquals(record.getSchema(), read.getSchema());
      byte[] genericPayload = generic.serializer().serialize(topic, read);
      assertArrayEquals(specificPayload, genericPayload, "generic re-serialisation of " + topic);
    }
  }

  @Test
  void specificAvroReaderPicksTheClassNamedByTheWriterSchema() {
    byte[] payload = serializer(config(), false).serialize(TOPIC, TestRecords.forecast());
    AvroDeserializer<Object> deserializer =
        deserializer(null, config(SerdeConfig.SPECIFIC_AVRO_READER, true));
    assertEquals(TestRecords.forecast(), deserializer.deserialize(TOPIC, payload));
  }

  @Test
  void topicNameStrategySeparatesKeysFromValues() {
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
    serializer(config(), true).serialize(TOPIC, TestRecords.sensorReading());
    serializer(config(), false).serialize(TOPIC, TestRecords.forecast());
    assertEquals(
        "io.nowcast.avro.SensorReading", registry.latest(TOPIC + "-key").schema().getFullName());
    assertEquals(
        "io.nowcast.avro.Forecast", registry.latest(TOPIC + "-value").schema().getFullName());
  }

  @Test
  void recordNameStrategyUsesTheFullNameAndAcceptsConfluentsClassName() {
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
    serializer(
            config(
                SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.RecordNameStrategy"),
            false)
        .serialize(TOPIC, TestRecords.forecast());
    assertEquals(1, registry.latest("io.nowcast.avro.Forecast").version());
  }

  @Test
  void topicRecordNameStrategyCombinesTopicAndFullName() {
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
    serializer(config(SerdeConfig.KEY_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy"), true)
        .serialize(TOPIC, TestRecords.sensorReading());
    assertEquals(1, registry.latest(TOPIC + "-io.nowcast.avro.SensorReading").version());
  }

  @Test
  void unknownStrategyNameFailsNamingTheChoices() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                serializer(
                    config(SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "SubjectByMood"), false));
    assertTrue(
        e.getMessage().contains("SubjectByMood")
            && e.getMessage().contains("TopicRecordNameStrategy"),
        e.getMessage());
  }

  @Test
  void withoutAutoRegisterTheLatestVersionIdIsUsed() {
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
    int id = registry.register(TOPIC + "-value", SensorReading.getClassSchema());
    AvroSerializer<SensorReading> serializer =
        serializer(
            config(SerdeConfig.AUTO_REGISTER_SCHEMAS, false, SerdeConfig.USE_LATEST_VERSION, true),
            false);
    byte[] payload = serializer.serialize(TOPIC, TestRecords.sensorReading());
    assertEquals(id, WireFormat.schemaId(payload));
  }

  @Test
  void withoutAutoRegisterAnUnregisteredSchemaFailsNamingTheSubject() {
    AvroSerializer<SensorReading> serializer =
        serializer(config(SerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> serializer.serialize(TOPIC, TestRecords.sensorReading()));
    assertMessage(e, "topic 'sensors'", "subject 'sensors-value'", "not found");
  }

  @Test
  void useLatestVersionRefusesALatestSchemaThatEncodesDifferently() {
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
    registry.setCompatibility(TOPIC + "-value", CompatibilityLevel.NONE);
    registry.register(
        TOPIC + "-value", SchemaBuilder.record("Other").fields().requiredInt("x").endRecord());
    AvroSerializer<SensorReading> serializer =
        serializer(
            config(SerdeConfig.AUTO_REGISTER_SCHEMAS, false, SerdeConfig.USE_LATEST_VERSION, true),
            false);
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> serializer.serialize(TOPIC, TestRecords.sensorReading()));
    assertMessage(e, "topic 'sensors'", "schema id 1", "encodes differently");
  }

  @Test
  void nullIsATombstoneBothWays() {
    assertNull(serializer(config(), false).serialize(TOPIC, null));
    assertNull(deserializer(SensorReading.class, config()).deserialize(TOPIC, null));
  }

  @Test
  void emptyPayloadIsAnErrorNotATombstone() {
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> deserializer(SensorReading.class, config()).deserialize(TOPIC, new byte[0]));
    assertMessage(e, "topic 'sensors'", "schema id unknown", "empty payload");
  }

  @Test
  void wrongMagicByteIsNamed() {
    byte[] payload = serializer(config(), false).serialize(TOPIC, TestRecords.sensorReading());
    payload[0] = 1;
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> deserializer(SensorReading.class, config()).deserialize(TOPIC, payload));
    assertMessage(e, "topic 'sensors'", "schema id unknown", "magic byte 1");
  }

  @Test
  void payloadShorterThanTheHeaderIsTruncated() {
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () ->
                deserializer(SensorReading.class, config())
                    .deserialize(TOPIC, new byte[] {0, 0, 1}));
    assertMessage(e, "topic 'sensors'", "truncated payload of 3 bytes");
  }

  @Test
  void truncatedBodyNamesTheSchemaId() {
    byte[] payload = serializer(config(), false).serialize(TOPIC, TestRecords.sensorReading());
    byte[] cut = Arrays.copyOf(payload, payload.length - 4);
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> deserializer(SensorReading.class, config()).deserialize(TOPIC, cut));
    assertMessage(e, "topic 'sensors'", "schema id 1", "truncated or corrupt");
  }

  @Test
  void trailingBytesAreReportedAsAWrongSchema() {
    byte[] payload = serializer(config(), false).serialize(TOPIC, TestRecords.sensorReading());
    byte[] longer = Arrays.copyOf(payload, payload.length + 3);
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> deserializer(SensorReading.class, config()).deserialize(TOPIC, longer));
    assertMessage(e, "schema id 1", "bytes left after the record");
  }

  @Test
  void unknownSchemaIdIsNamed() {
    InMemorySchemaRegistry.forScope(SCOPE);
    byte[] payload = {0, 0, 0, 0, 42, 2};
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> deserializer(SensorReading.class, config()).deserialize(TOPIC, payload));
    assertMessage(e, "topic 'sensors'", "schema id 42", "unknown schema id");
  }

  @Test
  void incompatibleWriterSchemaIsNamed() {
    Schema unrelated =
        SchemaBuilder.record("io.nowcast.avro.SensorReading")
            .fields()
            .requiredString("sensor_id")
            .endRecord();
    GenericRecord record = new GenericData.Record(unrelated);
    record.put("sensor_id", "x");
    byte[] payload = serializer(config(), false).serialize("other", record);
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> deserializer(SensorReading.class, config()).deserialize("other", payload));
    assertMessage(e, "topic 'other'", "schema id 1", "incompatible", "value");
  }

  @Test
  void olderSensorReadingWithoutCovariatesReadsWithTheEmptyDefault() {
    Schema v0 =
        SchemaBuilder.record("SensorReading")
            .namespace("io.nowcast.avro")
            .fields()
            .requiredString("sensor_id")
            .name("timestamp")
            .type()
            .longType()
            .noDefault()
            .requiredDouble("value")
            .endRecord();
    GenericRecord old = new GenericData.Record(v0);
    old.put("sensor_id", "pump-1");
    old.put("timestamp", TestRecords.T0.toEpochMilli());
    old.put("value", 4.5);
    byte[] payload = serializer(config(), false).serialize(TOPIC, old);

    SensorReading read = deserializer(SensorReading.class, config()).deserialize(TOPIC, payload);
    assertEquals("pump-1", read.getSensorId());
    assertEquals(TestRecords.T0, read.getTimestamp());
    assertEquals(Map.of(), read.getCovariates());
  }

  @Test
  void registryFailureWhileSerialisingNamesTopicAndSubject() {
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
    registry.register(
        TOPIC + "-value", SchemaBuilder.record("Other").fields().requiredInt("x").endRecord());
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> serializer(config(), false).serialize(TOPIC, TestRecords.sensorReading()));
    assertMessage(e, "topic 'sensors'", "subject 'sensors-value'", "incompatible");
    assertInstanceOf(SchemaRegistryException.class, e.getCause());
  }

  @Test
  void nonAvroValueIsRefusedNamingItsClass() {
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> serializer(config(), false).serialize(TOPIC, "plain string"));
    assertMessage(e, "topic 'sensors'", "java.lang.String");
  }

  static void assertMessage(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(
          e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
    }
  }
}
