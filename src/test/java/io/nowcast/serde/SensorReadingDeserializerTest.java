package io.nowcast.serde;

import static io.nowcast.serde.AvroSerdeTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nowcast.avro.SensorReading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SensorReadingDeserializerTest {

  private static final String SCOPE = "input-format-test";

  @AfterEach
  void drop() {
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  private static SensorReadingDeserializer configured(String format, String... extra) {
    Map<String, Object> config =
        new HashMap<>(
            Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL,
                "mock://" + SCOPE,
                SerdeConfig.INPUT_FORMAT,
                format));
    for (int i = 0; i < extra.length; i += 2) {
      config.put(extra[i], extra[i + 1]);
    }
    SensorReadingDeserializer deserializer = new SensorReadingDeserializer();
    deserializer.configure(config, false);
    return deserializer;
  }

  @Test
  void ourOwnSchemaIsReadDirectly() {
    AvroSerializer<SensorReading> serializer = new AvroSerializer<>();
    serializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE), false);
    byte[] payload = serializer.serialize("in", TestRecords.sensorReading());
    assertEquals(
        TestRecords.sensorReading(), configured("sensor-reading").deserialize("in", payload));
  }

  @Test
  void foreignAvroIsMappedByPaths() {
    Schema schema =
        SchemaBuilder.record("Meter")
            .fields()
            .requiredString("meter")
            .requiredLong("at")
            .requiredDouble("kwh")
            .endRecord();
    GenericRecord record = new GenericData.Record(schema);
    record.put("meter", "m-1");
    record.put("at", 1_000L);
    record.put("kwh", 2.5);
    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>();
    serializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE), false);
    byte[] payload = serializer.serialize("meters", record);

    SensorReading reading =
        configured(
                "avro",
                SerdeConfig.INPUT_KEY_FIELD,
                "meter",
                SerdeConfig.INPUT_TIMESTAMP_FIELD,
                "at",
                SerdeConfig.INPUT_VALUE_FIELD,
                "kwh")
            .deserialize("meters", payload);
    assertEquals(new SensorReading("m-1", Instant.ofEpochMilli(1_000), 2.5, Map.of()), reading);
  }

  @Test
  void jsonIsMappedAndFailuresNameTheTopic() {
    SensorReadingDeserializer deserializer = configured("json", SerdeConfig.INPUT_VALUE_FIELD, "v");
    byte[] good =
        "{\"sensor_id\":\"a\",\"timestamp\":5,\"v\":1.5}".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        new SensorReading("a", Instant.ofEpochMilli(5), 1.5, Map.of()),
        deserializer.deserialize("j", good));
    byte[] bad = "{\"sensor_id\":\"a\",\"timestamp\":5}".getBytes(StandardCharsets.UTF_8);
    assertMessage(
        assertThrows(MappingException.class, () -> deserializer.deserialize("j", bad)),
        "topic 'j'",
        "'v'",
        "missing");
  }

  @Test
  void tombstonesStayNull() {
    assertNull(configured("json").deserialize("j", null));
  }
}
