package io.nowcast.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nowcast.avro.SensorReading;
import io.nowcast.serde.AvroDeserializer;
import io.nowcast.serde.AvroSerializer;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The registry round trips of {@code RealRegistryRoundTripIT} on container images: Apicurio's
 * in-memory registry image (same version as {@code registry-harness/}) and apache/kafka.
 */
@Testcontainers(disabledWithoutDocker = true)
class RegistryContainerIT {

  static final String REGISTRY_IMAGE = "apicurio/apicurio-registry-mem:2.4.2.Final";
  private static final int REGISTRY_PORT = 8080;

  @Container static final KafkaContainer KAFKA = new KafkaContainer(KafkaContainerIT.KAFKA_IMAGE);

  @Container
  static final GenericContainer<?> REGISTRY =
      new GenericContainer<>(REGISTRY_IMAGE)
          .withExposedPorts(REGISTRY_PORT)
          .waitingFor(Wait.forHttp("/health/ready").forStatusCode(200));

  private static Map<String, Object> registryConfig;

  @BeforeAll
  static void backwardCompatibility() throws Exception {
    String url =
        "http://"
            + REGISTRY.getHost()
            + ":"
            + REGISTRY.getMappedPort(REGISTRY_PORT)
            + "/apis/ccompat/v7";
    registryConfig = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, url);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/config"))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\": \"BACKWARD\"}"))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
  }

  @Test
  void sensorReadingRoundTripsAndIncompatibleSchemaIsRefused() throws Exception {
    String topic = "container-registry-readings";
    SensorReading reading =
        SensorReading.newBuilder()
            .setSensorId("pump-7")
            .setTimestamp(Instant.parse("2026-03-01T12:00:00Z"))
            .setValue(21.5)
            .setCovariates(Map.of("ambient", 3.25))
            .build();
    send(topic, reading);

    AvroDeserializer<SensorReading> values = new AvroDeserializer<>(SensorReading.class);
    values.configure(registryConfig, false);
    List<ConsumerRecord<String, SensorReading>> read =
        TopicReader.read(
            KAFKA.getBootstrapServers(),
            topic,
            new StringDeserializer(),
            values,
            1,
            Duration.ofSeconds(60));
    assertEquals(List.of(reading), read.stream().map(ConsumerRecord::value).toList());

    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>();
    serializer.configure(registryConfig, false);
    assertThrows(
        SerializationException.class, () -> serializer.serialize(topic, withRequiredUnit()));
  }

  private static void send(String topic, SensorReading reading) throws Exception {
    AvroSerializer<SensorReading> values = new AvroSerializer<>();
    values.configure(registryConfig, false);
    Map<String, Object> config =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
    try (KafkaProducer<String, SensorReading> producer =
        new KafkaProducer<>(config, new StringSerializer(), values)) {
      producer.send(new ProducerRecord<>(topic, "pump-7", reading)).get(30, TimeUnit.SECONDS);
    }
  }

  /** SensorReading plus a required field without default: BACKWARD must refuse it. */
  private static GenericRecord withRequiredUnit() {
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
}
