package io.nowcast.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.local.EmbeddedKafka;
import io.nowcast.testing.RealSchemaRegistry;
import io.nowcast.testing.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our serdes against a real Confluent-compatible registry (Apicurio, ccompat API) and a real
 * broker: every schema round-trips through a topic, and an incompatible schema surfaces as a {@link
 * SerializationException} from the serializer.
 */
class RealRegistryRoundTripIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static EmbeddedKafka kafka;
  private static Map<String, Object> registryConfig;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    registryConfig = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, RealSchemaRegistry.shared().url());
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  static List<SpecificRecord> everySchema() {
    return TestRecords.allFour();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everySchema")
  void everySchemaRoundTripsThroughTheRealRegistryAndBroker(SpecificRecord record)
      throws Exception {
    String topic = "real-registry-" + record.getSchema().getName();
    kafka.createTopic(topic, 1, Map.of());
    send(topic, record);

    AvroDeserializer<SpecificRecord> values = new AvroDeserializer<>(typeOf(record));
    values.configure(registryConfig, false);
    List<ConsumerRecord<String, SpecificRecord>> read =
        TopicReader.read(
            kafka.bootstrapServers(), topic, new StringDeserializer(), values, 1, TIMEOUT);

    assertEquals(1, read.size());
    assertEquals(record, read.get(0).value());
  }

  @Test
  void incompatibleSchemaIsRefusedWithASerializationException() throws Exception {
    String topic = "real-registry-incompatible";
    kafka.createTopic(topic, 1, Map.of());
    send(topic, TestRecords.sensorReading());

    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>();
    serializer.configure(registryConfig, false);
    GenericRecord withNewRequiredField = readingWithRequiredUnit();
    SerializationException e =
        assertThrows(
            SerializationException.class, () -> serializer.serialize(topic, withNewRequiredField));
    assertTrue(e.getMessage().contains("'" + topic + "-value'"), e.getMessage());
  }

  /** SensorReading plus a required field without default: old readings cannot be read with it. */
  private static GenericRecord readingWithRequiredUnit() {
    Schema schema =
        SchemaBuilder.record("SensorReading")
            .namespace("io.nowcast.avro")
            .fields()
            .requiredString("sensor_id")
            .requiredLong("timestamp")
            .requiredDouble("value")
            .requiredString("unit")
            .endRecord();
    GenericRecord record = new GenericData.Record(schema);
    record.put("sensor_id", "pump-7");
    record.put("timestamp", 0L);
    record.put("value", 1.0);
    record.put("unit", "degC");
    return record;
  }

  private static void send(String topic, SpecificRecord record) throws Exception {
    AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
    values.configure(registryConfig, false);
    Map<String, Object> config =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, SpecificRecord> producer =
        new KafkaProducer<>(config, new StringSerializer(), values)) {
      producer.send(new ProducerRecord<>(topic, "k", record)).get(30, TimeUnit.SECONDS);
    }
  }

  @SuppressWarnings("unchecked")
  private static Class<SpecificRecord> typeOf(SpecificRecord record) {
    return (Class<SpecificRecord>) record.getClass();
  }
}
