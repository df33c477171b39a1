package io.nowcast.reliability;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.model.ModelKey;
import io.nowcast.serde.AvroSerde;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Test 1 on any broker: a child-JVM forecaster ({@link ChildForecaster}) SIGKILLed each time the
 * committed output reaches a seeded kill point and restarted on the same state directory; at the
 * end the output topic is read once ({@link ExactlyOnce}). Only a bootstrap address is needed, so
 * the same scenario runs against the embedded broker or a container.
 */
final class KillNineScenario {

  private static final Duration START_DEADLINE = Duration.ofSeconds(60);
  private static final Duration OUTPUT_DEADLINE = Duration.ofSeconds(120);

  private final String bootstrapServers;
  private final Map<String, Object> serdeConfig;
  private final String name;
  private final Path work;
  private final Map<String, String> settings;

  KillNineScenario(String bootstrapServers, String registryUrl, String name) {
    this.bootstrapServers = bootstrapServers;
    this.serdeConfig = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    this.name = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    // Under target/ so that the children's logs and configurations outlive a failed run.
    this.work = Path.of("target", "reliability", this.name).toAbsolutePath();
    this.settings = settings(registryUrl);
  }

  /** {@code count} distinct sorted points in the middle 80% of {@code total}, from {@code seed}. */
  static List<Integer> seededKillPoints(long seed, int count, int total) {
    return new Random(seed)
        .ints(total / 10, total * 9 / 10)
        .distinct()
        .limit(count)
        .sorted()
        .boxed()
        .toList();
  }

  /**
   * Creates the topics, publishes {@code model} and {@code input}, runs the forecaster through a
   * SIGKILL and restart at each of {@code killPoints} committed forecasts, waits until every input
   * offset is committed and returns the output topic as a fresh {@code read_committed} reader sees
   * it.
   */
  List<Forecast> run(
      ModelSnapshot model,
      List<SensorReading> input,
      List<Integer> killPoints,
      int expectedForecasts) {
    createTopics();
    publish(model, input);
    try (AvroSerde<Forecast> forecasts =
            NowcastSerdes.specific(Forecast.class, serdeConfig, false);
        CommittedForecasts reader =
            new CommittedForecasts(bootstrapServers, output(), forecasts.deserializer())) {
      ChildForecaster live = startChild(0);
      try {
        for (int i = 0; i < killPoints.size(); i++) {
          reader.awaitDistinct(killPoints.get(i), OUTPUT_DEADLINE);
          live.kill();
          System.out.printf("[%s] SIGKILL at >= %d committed forecasts%n", name, killPoints.get(i));
          live = startChild(i + 1);
        }
        reader.awaitDistinct(expectedForecasts, OUTPUT_DEADLINE);
        ExactlyOnce.awaitInputCommitted(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            settings.get("application.id"),
            input(),
            input.size(),
            OUTPUT_DEADLINE);
      } finally {
        live.close();
      }
      return CommittedForecasts.readOnce(
          bootstrapServers, output(), forecasts.deserializer(), OUTPUT_DEADLINE);
    }
  }

  private Map<String, String> settings(String registryUrl) {
    return Map.ofEntries(
        Map.entry("bootstrap.servers", bootstrapServers),
        Map.entry(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl),
        Map.entry("application.id", "reliability-" + name),
        Map.entry("state.dir", work.resolve("state").toString()),
        Map.entry("num.stream.threads", "2"),
        // Static membership and a short session: the restarted instance takes its old place at
        // once.
        Map.entry("group.instance.id", "reliability-" + name + "-instance"),
        Map.entry("session.timeout.ms", "6000"),
        Map.entry("heartbeat.interval.ms", "1000"),
        // A killed instance's open transaction holds read_committed readers back until it times
        // out.
        Map.entry("producer.transaction.timeout.ms", "5000"),
        Map.entry("nowcast.input.topics", input()),
        Map.entry("nowcast.output.topic", output()),
        Map.entry("nowcast.accuracy.topic", "accuracy-" + name),
        Map.entry("nowcast.dlq.topic", "dlq-" + name),
        Map.entry("nowcast.models.topic", models()),
        Map.entry("nowcast.model.name", ReliabilityFixtures.MODEL_NAME),
        Map.entry("nowcast.ring.buffer.size", Integer.toString(ReliabilityFixtures.RING)),
        Map.entry(
            "nowcast.accuracy.every.events", Integer.toString(ReliabilityFixtures.ACCURACY_EVERY)),
        Map.entry("nowcast.interval.level", Double.toString(ReliabilityFixtures.LEVEL)));
  }

  private String input() {
    return "readings-" + name;
  }

  private String output() {
    return "forecasts-" + name;
  }

  private String models() {
    return "models-" + name;
  }

  /**
   * Retention off on every topic: the readings carry old event times, which a default broker
   * deletes.
   */
  private void createTopics() {
    Map<String, String> keep = Map.of("retention.ms", "-1");
    List<NewTopic> topics =
        List.of(
            new NewTopic(input(), 4, (short) 1).configs(keep),
            new NewTopic(output(), 2, (short) 1).configs(keep),
            new NewTopic("accuracy-" + name, 1, (short) 1),
            new NewTopic("dlq-" + name, 1, (short) 1),
            new NewTopic(models(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
      Files.createDirectories(work);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create the topics of " + name + ": " + e, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + work, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void publish(ModelSnapshot model, List<SensorReading> input) {
    try (AvroSerde<SensorReading> readings =
            NowcastSerdes.specific(SensorReading.class, serdeConfig, false);
        AvroSerde<ModelSnapshot> snapshots =
            NowcastSerdes.specific(ModelSnapshot.class, serdeConfig, false);
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    ProducerConfig.LINGER_MS_CONFIG,
                    5),
                new StringSerializer(),
                new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              models(),
              ModelKey.of(model).toString(),
              snapshots.serializer().serialize(models(), model)));
      for (SensorReading reading : input) {
        producer.send(
            new ProducerRecord<>(
                input(),
                null,
                reading.getTimestamp().toEpochMilli(),
                reading.getSensorId(),
                readings.serializer().serialize(input(), reading)));
      }
      producer.flush();
    }
  }

  private ChildForecaster startChild(int run) {
    return ChildForecaster.startReady(settings, work, run, START_DEADLINE);
  }
}
