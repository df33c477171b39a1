package io.nowcast.reliability;

import static io.nowcast.reliability.ReliabilityFixtures.fleet;
import static io.nowcast.reliability.ReliabilityFixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.local.EmbeddedKafka;
import io.nowcast.serde.AvroSerde;
import io.nowcast.serde.InMemorySchemaRegistry;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.stream.ForecasterApp;
import io.nowcast.testing.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test 6: bad models on the models topic (wrong shape, NaN weights, truncated bytes, unknown format
 * version, a version older than the installed one) are refused and counted, and the installed model
 * keeps serving; a good newer model is still installed after them.
 */
class BadModelIT {

  private static final String SCOPE = "bad-model-it-" + UUID.randomUUID();
  private static final String MODELS = "bad-models";
  private static final String INPUT = "bad-model-readings";
  private static final String OUTPUT = "bad-model-forecasts";
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static EmbeddedKafka kafka;

  @TempDir Path stateDir;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
    kafka.createCompactedTopic(MODELS, 1);
    kafka.createTopic(INPUT, 1, Map.of());
    kafka.createTopic(OUTPUT, 1, Map.of());
    kafka.createTopic("bad-model-accuracy", 1, Map.of());
    kafka.createTopic("bad-model-dlq", 1, Map.of());
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void badModelsAreRefusedCountedAndTheInstalledOneKeepsServing() throws Exception {
    Map<String, Object> config = config();
    List<SensorReading> readings = fleet(1, 2);
    try (AvroSerde<ModelSnapshot> models =
            NowcastSerdes.specific(ModelSnapshot.class, config, false);
        AvroSerde<SensorReading> inputs =
            NowcastSerdes.specific(SensorReading.class, config, false);
        AvroSerde<Forecast> forecasts = NowcastSerdes.specific(Forecast.class, config, false);
        KafkaProducer<String, byte[]> producer = producer();
        ForecasterApp app = ForecasterApp.start(config)) {
      assertTrue(app.awaitRunning(DEADLINE), "Kafka Streams RUNNING");
      send(producer, "fleet@5", models.serializer().serialize(MODELS, snapshot(5, 1)));
      Poll.until(DEADLINE, () -> app.models().currentVersion() == 5, () -> "model 5 installed");

      List<byte[]> bad =
          List.of(
              models.serializer().serialize(MODELS, wrongShape(snapshot(6, 2))),
              models.serializer().serialize(MODELS, withNaNWeight(snapshot(7, 3))),
              truncated(models.serializer().serialize(MODELS, snapshot(8, 4))),
              models.serializer().serialize(MODELS, withFormatVersion(snapshot(9, 5), 99)),
              models.serializer().serialize(MODELS, snapshot(4, 6)));
      String[] keys = {"fleet@6", "fleet@7", "fleet@8", "fleet@9", "fleet@4"};
      for (int i = 0; i < bad.size(); i++) {
        send(producer, keys[i], bad.get(i));
      }
      Poll.until(
          DEADLINE,
          () -> refused(app) == bad.size(),
          () -> "5 models refused; metrics say " + refused(app));
      assertEquals(5, app.models().currentVersion(), "the installed model keeps serving");

      SensorReading reading = readings.get(0);
      producer
          .send(
              new ProducerRecord<>(
                  INPUT, reading.getSensorId(), inputs.serializer().serialize(INPUT, reading)))
          .get();
      List<ConsumerRecord<byte[], Forecast>> out =
          TopicReader.read(
              kafka.bootstrapServers(),
              OUTPUT,
              new ByteArrayDeserializer(),
              forecasts.deserializer(),
              1,
              DEADLINE);
      assertEquals(1, out.size(), "a forecast after the bad models");
      assertEquals(
          5, out.get(0).value().getModelVersion(), "forecast by the model that kept serving");

      send(producer, "fleet@10", models.serializer().serialize(MODELS, snapshot(10, 7)));
      Poll.until(
          DEADLINE,
          () -> app.models().currentVersion() == 10,
          () -> "a good newer model still installs");
      assertEquals(5, refused(app), "nothing else refused");
    }
  }

  private static ModelSnapshot wrongShape(ModelSnapshot snapshot) {
    ByteBuffer parameters = snapshot.getParameters();
    byte[] shorter = new byte[parameters.remaining() - 4 * 3];
    parameters.duplicate().get(shorter);
    return ModelSnapshot.newBuilder(snapshot).setParameters(ByteBuffer.wrap(shorter)).build();
  }

  private static ModelSnapshot withNaNWeight(ModelSnapshot snapshot) {
    byte[] bytes = new byte[snapshot.getParameters().remaining()];
    snapshot.getParameters().duplicate().get(bytes);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * 10, Float.NaN);
    return ModelSnapshot.newBuilder(snapshot).setParameters(ByteBuffer.wrap(bytes)).build();
  }

  private static ModelSnapshot withFormatVersion(ModelSnapshot snapshot, int formatVersion) {
    return ModelSnapshot.newBuilder(snapshot).setFormatVersion(formatVersion).build();
  }

  private static byte[] truncated(byte[] value) {
    return Arrays.copyOf(value, value.length / 2);
  }

  private static void send(KafkaProducer<String, byte[]> producer, String key, byte[] value)
      throws InterruptedException, ExecutionException {
    producer.send(new ProducerRecord<>(MODELS, key, value)).get();
  }

  private static long refused(ForecasterApp app) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      String metrics = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
      Matcher matcher =
          Pattern.compile("(?m)^nowcast_models_refused_total(\\{[^}]*})? ([0-9.eE+]+)$")
              .matcher(metrics);
      return matcher.find() ? Math.round(Double.parseDouble(matcher.group(2))) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private Map<String, Object> config() {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
    config.put("application.id", "bad-model-" + UUID.randomUUID());
    config.put("state.dir", stateDir.toString());
    config.put("nowcast.input.topics", INPUT);
    config.put("nowcast.output.topic", OUTPUT);
    config.put("nowcast.accuracy.topic", "bad-model-accuracy");
    config.put("nowcast.dlq.topic", "bad-model-dlq");
    config.put("nowcast.models.topic", MODELS);
    config.put("nowcast.model.name", ReliabilityFixtures.MODEL_NAME);
    config.put("nowcast.http.port", "0");
    return config;
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(),
        new ByteArraySerializer());
  }
}
