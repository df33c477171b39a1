package io.nowcast.stream;

import static io.nowcast.stream.StreamFixtures.offline;
import static io.nowcast.stream.StreamFixtures.series;
import static io.nowcast.stream.StreamFixtures.serving;
import static io.nowcast.stream.StreamFixtures.snapshot;
import static io.nowcast.stream.StreamFixtures.withoutProducedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.local.EmbeddedKafka;
import io.nowcast.serde.AvroSerde;
import io.nowcast.serde.InMemorySchemaRegistry;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.stream.errors.DeadLetterRecords;
import io.nowcast.stream.errors.DeadLetters;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecaster on a real embedded broker under exactly-once v2 with a {@code mock://} registry: a
 * model and readings in, committed forecasts out (read with {@code read_committed}), a dead letter,
 * the HTTP endpoints, and a restart that continues the sensors' states identically and still serves
 * the last good model although a corrupt newer one was published meanwhile.
 */
class ForecasterIT {

  private static final String INPUT = "sensors";
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedKafka kafka;
  private static final String SCOPE = "forecaster-it-" + UUID.randomUUID();

  @TempDir Path stateDir;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
    kafka.createTopic(INPUT, 2, Map.of());
    kafka.createCompactedTopic("nowcast.models", 1);
    kafka.createTopic("nowcast.forecasts", 1, Map.of());
    kafka.createTopic("nowcast.accuracy", 1, Map.of());
    kafka.createTopic("nowcast.dlq", 1, Map.of());
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void forecastsDeadLettersHttpAndARestartUnderExactlyOnce() throws Exception {
    Map<String, Object> config = config();
    ModelSnapshot v1 = snapshot(1, "value,dt,gap", 11);
    List<SensorReading> a = series("room-a", 20);
    List<SensorReading> b = series("room-b", 15);
    try (AvroSerde<SensorReading> readings =
            NowcastSerdes.specific(SensorReading.class, config, false);
        AvroSerde<ModelSnapshot> models =
            NowcastSerdes.specific(ModelSnapshot.class, config, false);
        AvroSerde<Forecast> forecasts = NowcastSerdes.specific(Forecast.class, config, false);
        KafkaProducer<String, byte[]> producer = producer()) {
      producer.send(
          new ProducerRecord<>(
              "nowcast.models", "fleet@1", models.serializer().serialize("nowcast.models", v1)));
      producer.flush();
      try (ForecasterApp app = ForecasterApp.start(config)) {
        awaitReady(app);
        for (int i = 0; i < 15; i++) {
          send(producer, readings, "room-a", a.get(i));
          send(producer, readings, null, b.get(i));
        }
        producer.send(new ProducerRecord<>(INPUT, "room-c", new byte[] {0, 0, 0, 0, 9, 9}));
        producer.flush();

        List<Forecast> first = committed("nowcast.forecasts", forecasts.deserializer(), 30);
        assertEquals(
            withoutProducedAt(
                offline(serving(v1), a.subList(0, 15), StreamFixtures.SETTINGS).forecasts()),
            withoutProducedAt(ofSensor(first, "room-a")));
        assertEquals(
            withoutProducedAt(offline(serving(v1), b, StreamFixtures.SETTINGS).forecasts()),
            withoutProducedAt(ofSensor(first, "room-b")),
            "re-keyed through the repartition topic");
        assertDeadLetter();
        assertHttp(app, first);
        byte[] v2 = models.serializer().serialize("nowcast.models", snapshot(2, "value", 5));
        producer.send(
            new ProducerRecord<>("nowcast.models", "fleet@2", Arrays.copyOf(v2, v2.length - 9)));
        producer.flush();
      }
      try (ForecasterApp restarted = ForecasterApp.start(config)) {
        awaitReady(restarted);
        a.subList(15, 20).forEach(reading -> send(producer, readings, "room-a", reading));
        producer.flush();

        List<Forecast> all = committed("nowcast.forecasts", forecasts.deserializer(), 35);
        assertEquals(
            withoutProducedAt(offline(serving(v1), a, StreamFixtures.SETTINGS).forecasts()),
            withoutProducedAt(ofSensor(all, "room-a")),
            "the restarted instance continued the stored state");
        assertEquals(
            1,
            restarted.models().currentVersion(),
            "a corrupt newest model never erases the last good one");
      }
    }
  }

  private Map<String, Object> config() {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "forecaster-it-" + UUID.randomUUID());
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    config.put("nowcast.input.topics", INPUT);
    config.put("nowcast.model.name", StreamFixtures.MODEL_NAME);
    config.put("nowcast.http.port", "0");
    config.put("nowcast.ring.buffer.size", Integer.toString(StreamFixtures.RING));
    config.put("nowcast.accuracy.every.events", Integer.toString(StreamFixtures.ACCURACY_EVERY));
    config.put("nowcast.timestamp.max.future", "0");
    return config;
  }

  private static void send(
      KafkaProducer<String, byte[]> producer,
      AvroSerde<SensorReading> serde,
      String key,
      SensorReading reading) {
    producer.send(
        new ProducerRecord<>(
            INPUT,
            null,
            reading.getTimestamp().toEpochMilli(),
            key,
            serde.serializer().serialize(INPUT, reading)));
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static void awaitReady(ForecasterApp app) throws Exception {
    assertTrue(app.awaitRunning(DEADLINE), "Kafka Streams RUNNING within " + DEADLINE);
    HttpResponse<String> ready = get(app, "/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
  }

  private void assertDeadLetter() {
    List<ConsumerRecord<byte[], byte[]>> dead =
        committedRecords("nowcast.dlq", new ByteArrayDeserializer(), 1);
    assertEquals(1, dead.size());
    assertEquals(
        DeadLetters.DESERIALIZATION_FAILED,
        new String(
            dead.get(0).headers().lastHeader(DeadLetterRecords.REASON_HEADER).value(),
            StandardCharsets.UTF_8));
  }

  private static void assertHttp(ForecasterApp app, List<Forecast> forecasts) throws Exception {
    Forecast last = ofSensor(forecasts, "room-b").get(14);
    HttpResponse<String> sensor = get(app, "/api/sensors/room-b");
    JsonNode body = JSON.readTree(sensor.body());
    assertEquals(200, sensor.statusCode(), sensor.body());
    assertEquals("room-b", body.get("sensor_id").asText());
    assertEquals(1, body.get("model_version").asLong());
    assertEquals(last.getTimestamp().toEpochMilli(), body.get("timestamp").asLong());
    assertEquals(
        last.getHorizon().get(0).getMean(), body.get("horizon").get(0).get("mean").asDouble());
    assertEquals("[\"room-a\",\"room-b\"]", get(app, "/api/sensors").body());
    assertEquals(404, get(app, "/api/sensors/room-z").statusCode());
    assertTrue(
        get(app, "/metrics").body().contains("nowcast_forecasts_total 30.0"), "forecasts counted");
  }

  private static HttpResponse<String> get(ForecasterApp app, String path)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
            .timeout(Duration.ofSeconds(5))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private <V> List<V> committed(String topic, Deserializer<V> values, int expected) {
    return committedRecords(topic, values, expected).stream().map(ConsumerRecord::value).toList();
  }

  /**
   * Reads committed records from the beginning until {@code expected} came or the deadline passed.
   */
  private static <V> List<ConsumerRecord<byte[], V>> committedRecords(
      String topic, Deserializer<V> values, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "it-reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    List<ConsumerRecord<byte[], V>> records = new ArrayList<>();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    try (KafkaConsumer<byte[], V> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static List<Forecast> ofSensor(List<Forecast> forecasts, String sensor) {
    return forecasts.stream().filter(f -> f.getSensorId().equals(sensor)).toList();
  }
}
