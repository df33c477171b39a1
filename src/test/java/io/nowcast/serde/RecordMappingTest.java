package io.nowcast.serde;

import static io.nowcast.serde.AvroSerdeTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nowcast.avro.SensorReading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class RecordMappingTest {

  private static final RecordSource SOURCE = new RecordSource("plant-a", 3, 1234);
  private static final Instant WHEN = Instant.parse("2026-03-01T12:00:00.250Z");

  private static final Schema DEVICE =
      SchemaBuilder.record("Device").fields().requiredString("id").endRecord();
  private static final Schema READING =
      SchemaBuilder.record("Reading")
          .fields()
          .requiredDouble("temp")
          .requiredLong("ts_ms")
          .requiredDouble("ts_s")
          .requiredString("ts_iso")
          .optionalDouble("humidity")
          .name("extras")
          .type()
          .map()
          .values()
          .doubleType()
          .noDefault()
          .requiredString("label")
          .endRecord();
  private static final Schema PAYLOAD =
      SchemaBuilder.record("Payload")
          .fields()
          .name("device")
          .type(DEVICE)
          .noDefault()
          .name("reading")
          .type(READING)
          .noDefault()
          .endRecord();
  private static final Schema ENVELOPE =
      SchemaBuilder.record("Envelope")
          .namespace("com.example")
          .fields()
          .name("payload")
          .type(PAYLOAD)
          .noDefault()
          .endRecord();

  private static final String JSON =
      """
      {"payload": {"device": {"id": 42},
                   "reading": {"temp": 19.75, "ts_ms": 1772366400250, "ts_s": 1772366400.25,
                               "ts_iso": "2026-03-01T13:00:00.250+01:00", "humidity": null,
                               "extras": {"wind": 3, "rain": 0.5}, "label": "warm"}}}
      """;

  private static GenericRecord envelope(Double humidity) {
    GenericRecord device = new GenericData.Record(DEVICE);
    device.put("id", new Utf8("pump-7"));
    GenericRecord reading = new GenericData.Record(READING);
    reading.put("temp", 19.75);
    reading.put("ts_ms", WHEN.toEpochMilli());
    reading.put("ts_s", WHEN.toEpochMilli() / 1000.0);
    reading.put("ts_iso", new Utf8("2026-03-01T13:00:00.250+01:00"));
    reading.put("humidity", humidity);
    reading.put("extras", Map.of(new Utf8("wind"), 3.0, new Utf8("rain"), 0.5));
    reading.put("label", new Utf8("warm"));
    GenericRecord payload = new GenericData.Record(PAYLOAD);
    payload.put("device", device);
    payload.put("reading", reading);
    GenericRecord envelope = new GenericData.Record(ENVELOPE);
    envelope.put("payload", payload);
    return envelope;
  }

  private static RecordMapping mapping(
      String timestampField, TimestampUnit unit, String... covariates) {
    return new RecordMapping(
        "payload.device.id", timestampField, unit, "payload.reading.temp", List.of(covariates));
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void nestedAvroWithEveryTimestampUnit() {
    GenericRecord record = envelope(0.4);
    for (Object[] c :
        new Object[][] {
          {"payload.reading.ts_ms", TimestampUnit.MILLIS},
          {"payload.reading.ts_s", TimestampUnit.SECONDS},
          {"payload.reading.ts_iso", TimestampUnit.ISO}
        }) {
      SensorReading reading = mapping((String) c[0], (TimestampUnit) c[1]).map(record, SOURCE);
      assertEquals(new SensorReading("pump-7", WHEN, 19.75, Map.of()), reading, (String) c[0]);
    }
  }

  @Test
  void nestedJsonWithEveryTimestampUnitAndANumericKey() {
    for (Object[] c :
        new Object[][] {
          {"payload.reading.ts_ms", TimestampUnit.MILLIS},
          {"payload.reading.ts_s", TimestampUnit.SECONDS},
          {"payload.reading.ts_iso", TimestampUnit.ISO}
        }) {
      SensorReading reading =
          mapping((String) c[0], (TimestampUnit) c[1]).mapJson(json(JSON), SOURCE);
      assertEquals(new SensorReading("42", WHEN, 19.75, Map.of()), reading, (String) c[0]);
    }
  }

  @Test
  void integralSecondsScaleExactly() {
    RecordMapping mapping = new RecordMapping("id", "t", TimestampUnit.SECONDS, "v", List.of());
    SensorReading reading = mapping.mapJson(json("{\"id\":\"s\",\"t\":1772366400,\"v\":1}"), null);
    assertEquals(Instant.parse("2026-03-01T12:00:00Z"), reading.getTimestamp());
  }

  @Test
  void covariatesFromPathsAndFromMaps() {
    RecordMapping mapping =
        mapping(
            "payload.reading.ts_ms",
            TimestampUnit.MILLIS,
            "payload.reading.humidity",
            "payload.reading.extras");
    Map<String, Double> expected = Map.of("humidity", 0.4, "wind", 3.0, "rain", 0.5);
    assertEquals(expected, mapping.map(envelope(0.4), SOURCE).getCovariates());
    RecordMapping fromJson =
        mapping("payload.reading.ts_ms", TimestampUnit.MILLIS, "payload.reading.extras");
    assertEquals(
        Map.of("wind", 3.0, "rain", 0.5), fromJson.mapJson(json(JSON), SOURCE).getCovariates());
  }

  @Test
  void avroTimestampMillisFieldsReadAsInstantsToo() {
    RecordMapping mapping =
        new RecordMapping(
            "sensor_id", "timestamp", TimestampUnit.MILLIS, "value", List.of("covariates"));
    SensorReading ours = TestRecords.sensorReading();
    assertEquals(ours, mapping.map(ours, SOURCE));
  }

  @Test
  void missingAvroFieldNamesPathAndSource() {
    MappingException e =
        assertThrows(
            MappingException.class,
            () ->
                mapping("payload.reading.when", TimestampUnit.MILLIS).map(envelope(null), SOURCE));
    assertEquals("payload.reading.when", e.path());
    assertSame(SOURCE, e.source());
    assertMessage(
        e, "topic 'plant-a' partition 3 offset 1234", "'payload.reading.when'", "no field 'when'");
  }

  @Test
  void missingJsonFieldIsNamed() {
    MappingException e =
        assertThrows(
            MappingException.class,
            () ->
                new RecordMapping(
                        "payload.device.serial",
                        "payload.reading.ts_ms",
                        TimestampUnit.MILLIS,
                        "payload.reading.temp",
                        List.of())
                    .mapJson(json(JSON), RecordSource.ofTopic("plant-b")));
    assertMessage(e, "topic 'plant-b':", "'payload.device.serial'", "no field 'serial'");
  }

  @Test
  void pathThroughALeafIsNamed() {
    MappingException e =
        assertThrows(
            MappingException.class,
            () ->
                mapping("payload.reading.label.x", TimestampUnit.MILLIS)
                    .map(envelope(null), SOURCE));
    assertMessage(e, "'payload.reading.label.x'", "'payload.reading.label' is the string 'warm'");
  }

  @Test
  void nullFieldsAreNamedInAvroAndJson() {
    RecordMapping mapping =
        mapping("payload.reading.ts_ms", TimestampUnit.MILLIS, "payload.reading.humidity");
    assertMessage(
        assertThrows(MappingException.class, () -> mapping.map(envelope(null), SOURCE)),
        "'payload.reading.humidity' is null");
    assertMessage(
        assertThrows(MappingException.class, () -> mapping.mapJson(json(JSON), SOURCE)),
        "'payload.reading.humidity' is null");
  }

  @Test
  void nonNumericValueIsNamed() {
    RecordMapping mapping =
        new RecordMapping(
            "payload.device.id",
            "payload.reading.ts_ms",
            TimestampUnit.MILLIS,
            "payload.reading.label",
            List.of());
    assertMessage(
        assertThrows(MappingException.class, () -> mapping.map(envelope(null), SOURCE)),
        "'payload.reading.label' is the string 'warm': expected a number");
    assertMessage(
        assertThrows(MappingException.class, () -> mapping.mapJson(json(JSON), SOURCE)),
        "'payload.reading.label' is the string 'warm': expected a number");
  }

  @Test
  void nonNumericCovariateMapEntryIsNamed() {
    RecordMapping mapping =
        new RecordMapping("id", "t", TimestampUnit.MILLIS, "v", List.of("extra"));
    MappingException e =
        assertThrows(
            MappingException.class,
            () ->
                mapping.mapJson(
                    json("{\"id\":\"s\",\"t\":1,\"v\":1,\"extra\":{\"wind\":\"gusty\"}}"), null));
    assertMessage(e, "'extra.wind' is the string 'gusty'");
  }

  @Test
  void timestampOfTheWrongKindIsNamedPerUnit() {
    assertMessage(
        assertThrows(
            MappingException.class,
            () ->
                mapping("payload.reading.ts_iso", TimestampUnit.MILLIS)
                    .map(envelope(null), SOURCE)),
        "'payload.reading.ts_iso'",
        "epoch milliseconds");
    assertMessage(
        assertThrows(
            MappingException.class,
            () ->
                mapping("payload.reading.label", TimestampUnit.SECONDS)
                    .mapJson(json(JSON), SOURCE)),
        "'payload.reading.label'",
        "epoch seconds");
    assertMessage(
        assertThrows(
            MappingException.class,
            () -> mapping("payload.reading.ts_ms", TimestampUnit.ISO).map(envelope(null), SOURCE)),
        "'payload.reading.ts_ms'",
        "ISO-8601");
    assertMessage(
        assertThrows(
            MappingException.class,
            () -> mapping("payload.reading.label", TimestampUnit.ISO).map(envelope(null), SOURCE)),
        "'payload.reading.label' is 'warm'",
        "2024-03-01T12:00:00Z");
  }

  @Test
  void keyOfTheWrongKindIsNamed() {
    RecordMapping mapping =
        new RecordMapping(
            "payload.device",
            "payload.reading.ts_ms",
            TimestampUnit.MILLIS,
            "payload.reading.temp",
            List.of());
    assertMessage(
        assertThrows(MappingException.class, () -> mapping.map(envelope(null), SOURCE)),
        "'payload.device' is a record Device",
        "sensor id");
  }

  @Test
  void invalidJsonAndNonObjectsAreRefused() {
    RecordMapping mapping = mapping("payload.reading.ts_ms", TimestampUnit.MILLIS);
    MappingException broken =
        assertThrows(MappingException.class, () -> mapping.mapJson(json("{\"payload\":"), SOURCE));
    assertEquals("$", broken.path());
    assertMessage(broken, "offset 1234", "not valid JSON");
    assertMessage(
        assertThrows(MappingException.class, () -> mapping.mapJson(json("[1,2]"), SOURCE)),
        "not a JSON object (found ARRAY)");
  }

  @Test
  void configuresFromTheInputKeys() {
    RecordMapping mapping =
        RecordMapping.fromConfig(
            Map.of(
                SerdeConfig.INPUT_KEY_FIELD, "payload.device.id",
                SerdeConfig.INPUT_TIMESTAMP_FIELD, "payload.reading.ts_iso",
                SerdeConfig.INPUT_TIMESTAMP_UNIT, "iso",
                SerdeConfig.INPUT_VALUE_FIELD, "payload.reading.temp",
                SerdeConfig.INPUT_COVARIATE_FIELDS, "payload.reading.extras"));
    assertEquals(
        new SensorReading("42", WHEN, 19.75, Map.of("wind", 3.0, "rain", 0.5)),
        mapping.mapJson(json(JSON), null));
  }

  @Test
  void malformedPathsAndUnitsFailAtConfiguration() {
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> new RecordMapping("payload..id", "t", TimestampUnit.MILLIS, "v", List.of())),
        SerdeConfig.INPUT_KEY_FIELD,
        "payload..id");
    assertMessage(
        assertThrows(
            org.apache.kafka.common.config.ConfigException.class,
            () -> RecordMapping.fromConfig(Map.of(SerdeConfig.INPUT_TIMESTAMP_UNIT, "minutes"))),
        SerdeConfig.INPUT_TIMESTAMP_UNIT,
        "minutes");
  }
}
