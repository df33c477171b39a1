package io.nowcast.reliability;

import static io.nowcast.reliability.ReliabilityFixtures.fleet;
import static io.nowcast.reliability.ReliabilityFixtures.reference;
import static io.nowcast.reliability.ReliabilityFixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.local.EmbeddedKafka;
import io.nowcast.reliability.ReliabilityFixtures.ForecastKey;
import io.nowcast.serde.AvroSerde;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.stream.ForecasterApp;
import io.nowcast.testing.RealSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test 3: the broker is stopped and started again (same port, same log directory) while the
 * forecaster is half-way through its input. The forecaster must recover by itself, and a {@code
 * read_committed} reader must see every forecast exactly once, identical to the offline reference.
 */
class BrokerRestartIT {

  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final String INPUT = "bounce-readings";
  private static final String OUTPUT = "bounce-forecasts";

  @TempDir Path brokerDir;
  @TempDir Path stateDir;

  @Test
  void theForecasterRecoversFromABrokerRestartWithoutLossOrDuplicates() throws Exception {
    int port = freePort();
    String registryUrl = RealSchemaRegistry.shared().url();
    Map<String, Object> serdeConfig = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    ModelSnapshot model = snapshot(1, 31);
    List<SensorReading> input = fleet(12, 200);
    Map<ForecastKey, Forecast> expected = reference(model, input);
    Map<String, Object> appConfig = config(port, registryUrl);
    EmbeddedKafka kafka = broker(port);
    try (AvroSerde<Forecast> forecasts =
            NowcastSerdes.specific(Forecast.class, serdeConfig, false);
        CommittedForecasts reader =
            new CommittedForecasts(kafka.bootstrapServers(), OUTPUT, forecasts.deserializer());
        ForecasterApp app = ForecasterApp.start(appConfig)) {
      publish(kafka, serdeConfig, model, input);
      assertTrue(app.awaitRunning(DEADLINE), "Kafka Streams RUNNING");
      reader.awaitDistinct(expected.size() / 3, DEADLINE);
      long stopped = System.nanoTime();
      kafka.close();
      kafka = broker(port);
      System.out.printf(
          "[bounce] broker back after %d ms%n", (System.nanoTime() - stopped) / 1_000_000);
      String applicationId = appConfig.get("application.id").toString();
      EmbeddedKafka restarted = kafka;
      BrokerDiagnosis.onFailure(
          () -> {
            reader.awaitDistinct(expected.size(), DEADLINE);
            ExactlyOnce.awaitInputCommitted(
                restarted.adminConfig(), applicationId, INPUT, input.size(), DEADLINE);
          },
          restarted.adminConfig(),
          applicationId,
          List.of(INPUT, OUTPUT, applicationId + "-rekeyed-repartition"));
      System.out.printf(
          "[bounce] all %d forecasts committed %d ms after the broker stopped%n",
          expected.size(), (System.nanoTime() - stopped) / 1_000_000);
      List<Forecast> topic =
          CommittedForecasts.readOnce(
              kafka.bootstrapServers(), OUTPUT, forecasts.deserializer(), DEADLINE);
      System.out.printf(
          "[bounce] the live reader received %d records (%d position rewinds); the topic holds %d%n",
          reader.poll(), reader.rewinds(), topic.size());
      assertEquals(KafkaStreams.State.RUNNING, app.streams().state(), "recovered by itself");
      ExactlyOnce.assertExactlyOnce(expected, topic);
    } finally {
      kafka.close();
    }
  }

  private EmbeddedKafka broker(int port) {
    EmbeddedKafka kafka = EmbeddedKafka.builder().port(port).directory(brokerDir).start();
    kafka.createTopic(INPUT, 2, Map.of());
    kafka.createTopic(OUTPUT, 2, Map.of());
    kafka.createTopic("bounce-accuracy", 1, Map.of());
    kafka.createTopic("bounce-dlq", 1, Map.of());
    kafka.createCompactedTopic("bounce-models", 1);
    return kafka;
  }

  private static void publish(
      EmbeddedKafka kafka,
      Map<String, Object> serdeConfig,
      ModelSnapshot model,
      List<SensorReading> input) {
    try (AvroSerde<SensorReading> readings =
            NowcastSerdes.specific(SensorReading.class, serdeConfig, false);
        AvroSerde<ModelSnapshot> models =
            NowcastSerdes.specific(ModelSnapshot.class, serdeConfig, false);
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              "bounce-models", "fleet@1", models.serializer().serialize("bounce-models", model)));
      for (SensorReading reading : input) {
        producer.send(
            new ProducerRecord<>(
                INPUT,
                null,
                reading.getTimestamp().toEpochMilli(),
                reading.getSensorId(),
                readings.serializer().serialize(INPUT, reading)));
      }
      producer.flush();
    }
  }

  private Map<String, Object> config(int port, String registryUrl) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", "127.0.0.1:" + port);
    config.put(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    config.put("application.id", "bounce-" + UUID.randomUUID());
    config.put("state.dir", stateDir.toString());
    config.put("nowcast.input.topics", INPUT);
    config.put("nowcast.output.topic", OUTPUT);
    config.put("nowcast.accuracy.topic", "bounce-accuracy");
    config.put("nowcast.dlq.topic", "bounce-dlq");
    config.put("nowcast.models.topic", "bounce-models");
    config.put("nowcast.model.name", ReliabilityFixtures.MODEL_NAME);
    config.put("nowcast.http.port", "0");
    config.put("nowcast.ring.buffer.size", Integer.toString(ReliabilityFixtures.RING));
    config.put(
        "nowcast.accuracy.every.events", Integer.toString(ReliabilityFixtures.ACCURACY_EVERY));
    return config;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
