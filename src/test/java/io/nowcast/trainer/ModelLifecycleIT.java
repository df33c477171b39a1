package io.nowcast.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.avro.TrainingInfo;
import io.nowcast.cli.Nowcast;
import io.nowcast.local.CsvSeries;
import io.nowcast.local.EmbeddedKafka;
import io.nowcast.local.Replay;
import io.nowcast.model.SnapshotValidator;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.stream.ForecasterApp;
import io.nowcast.testing.RealSchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The model lifecycle end to end on an embedded broker and a real (Confluent-compatible) registry:
 * real NAB readings replayed into a topic; the trainer publishes version 1; the running forecaster
 * picks it up without a restart; more data arrives; the trainer publishes version 2 only if it
 * beats version 1 on the new holdout; forecasts switch version only after the new snapshot was
 * published; and the online accuracy shows the trained model beating repeat-last-value.
 */
class ModelLifecycleIT {

  private static final String INPUT = "lifecycle-sensors";
  private static final String MODELS = "lifecycle.models";
  private static final String FORECASTS = "lifecycle.forecasts";
  private static final String ACCURACY = "lifecycle.accuracy";
  private static final String MODEL = "ambient";
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

  /** Readings replayed before the first cycle and before the second; the rest arrive last. */
  private static final int FIRST_PART = 1000;

  private static final int SECOND_PART = 1500;

  private static EmbeddedKafka kafka;
  private static String registryUrl;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    registryUrl = RealSchemaRegistry.shared().url();
    kafka = EmbeddedKafka.start();
    kafka.createTopic(INPUT, 1, Map.of());
    // The forecaster's global store needs the topic at start-up; the trainer would create it too
    // (TrainerOnceIT).
    kafka.createCompactedTopic(MODELS, 1);
    kafka.createTopic(FORECASTS, 1, Map.of());
    kafka.createTopic(ACCURACY, 1, Map.of());
    kafka.createTopic("lifecycle.dlq", 1, Map.of());
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void trainerPublishesTheForecasterSwitchesAndBeatsPersistence() throws Exception {
    List<String> rows = nabRows();
    Path trainerConfig = trainerConfig();
    String secondOutput;
    try (ForecasterApp app = ForecasterApp.start(forecasterConfig());
        KafkaProducer<String, SensorReading> producer = producer()) {
      assertTrue(app.awaitRunning(DEADLINE), "forecaster RUNNING within " + DEADLINE);
      replay(producer, rows.subList(0, FIRST_PART));

      Run first = trainer(trainerConfig);
      assertEquals(0, first.exit(), first.err());
      System.out.println("first cycle: " + first.out().strip());
      assertTrue(first.out().contains("published version 1"), first.out());
      await(
          () -> app.models().currentVersion() == 1,
          "forecaster installs version 1 without a restart");

      replay(producer, rows.subList(FIRST_PART, SECOND_PART));
      awaitForecastAt(timeOf(rows.get(SECOND_PART - 1)));
      Run second = trainer(trainerConfig);
      assertEquals(0, second.exit(), second.err());
      secondOutput = second.out();
      System.out.println("second cycle: " + secondOutput.strip());
      long served = secondOutput.contains("published version 2") ? 2 : 1;
      await(() -> app.models().currentVersion() == served, "forecaster serves version " + served);

      replay(producer, rows.subList(SECOND_PART, rows.size()));
      awaitForecastAt(timeOf(rows.get(rows.size() - 1)));
    }
    boolean secondPublished = secondOutput.contains("published version 2");
    assertModelsTopic(secondPublished, secondOutput);
    assertForecastVersions(rows, secondPublished ? 2 : 1);
    assertTrainedModelBeatsPersistence();
  }

  private void assertModelsTopic(boolean secondPublished, String secondOutput) throws Exception {
    Map<String, ModelSnapshot> models = new LinkedHashMap<>();
    Deserializer<ModelSnapshot> snapshots = deserializer(ModelSnapshot.class);
    for (ConsumerRecord<String, byte[]> record : readAll(MODELS, records -> true)) {
      models.put(record.key(), snapshots.deserialize(MODELS, record.value()));
    }
    assertEquals(
        secondPublished ? List.of(MODEL + "@1", MODEL + "@2") : List.of(MODEL + "@1"),
        List.copyOf(models.keySet()),
        secondOutput);
    SnapshotValidator validator = SnapshotValidator.forServing();
    models.values().forEach(validator::validate);
    TrainingInfo v1 = models.get(MODEL + "@1").getTraining();
    assertTrue(v1.getHoldoutMae() < v1.getPersistenceMae(), v1.toString());
    if (secondPublished) {
      TrainingInfo v2 = models.get(MODEL + "@2").getTraining();
      assertNotNull(v2.getChampionMae(), v2.toString());
      assertTrue(
          v2.getHoldoutMae() < v2.getChampionMae() && v2.getHoldoutMae() < v2.getPersistenceMae(),
          v2.toString());
    } else {
      assertTrue(secondOutput.contains("not published: challenger MAE"), secondOutput);
    }
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, MODELS);
      Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
      assertEquals(
          TopicConfig.CLEANUP_POLICY_COMPACT,
          config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
    }
  }

  /**
   * Before version 1: none or persistence; then version 1; after the second cycle: the version it
   * left served.
   */
  private void assertForecastVersions(List<String> rows, long lastVersion) {
    long firstEnd = timeOf(rows.get(FIRST_PART - 1));
    long secondEnd = timeOf(rows.get(SECOND_PART - 1));
    List<Forecast> forecasts = forecasts();
    long modelForecasts = 0;
    for (Forecast forecast : forecasts) {
      long time = forecast.getTimestamp().toEpochMilli();
      long expected = time <= firstEnd ? 0 : time <= secondEnd ? 1 : lastVersion;
      assertEquals(
          expected,
          forecast.getModelVersion(),
          "model_version of the forecast at " + forecast.getTimestamp());
      modelForecasts += forecast.getModelVersion() > 0 ? 1 : 0;
    }
    assertEquals(
        rows.size() - FIRST_PART,
        modelForecasts,
        "every reading after version 1 gets a model forecast");
  }

  private void assertTrainedModelBeatsPersistence() {
    Deserializer<AccuracyReport> reports = deserializer(AccuracyReport.class);
    double absoluteError = 0;
    double persistenceError = 0;
    long count = 0;
    for (ConsumerRecord<String, byte[]> record : readAll(ACCURACY, records -> true)) {
      AccuracyReport report = reports.deserialize(ACCURACY, record.value());
      if (report.getModelVersion() >= 1) {
        absoluteError += report.getMae() * report.getCount();
        persistenceError += report.getPersistenceMae() * report.getCount();
        count += report.getCount();
      }
    }
    System.out.printf(
        "online step-1 MAE after training %.4f, repeat-last-value %.4f, %d forecasts%n",
        absoluteError / count, persistenceError / count, count);
    assertTrue(count >= 500, "accuracy reports cover the trained model's forecasts, got " + count);
    assertTrue(
        absoluteError < persistenceError,
        String.format(
            "trained model's step-1 MAE %.4f must beat repeat-last-value's %.4f over %d forecasts",
            absoluteError / count, persistenceError / count, count));
  }

  private void awaitForecastAt(long timestamp) {
    await(
        () -> forecasts().stream().anyMatch(f -> f.getTimestamp().toEpochMilli() == timestamp),
        "a committed forecast for the reading at " + Instant.ofEpochMilli(timestamp));
  }

  private List<Forecast> forecasts() {
    Deserializer<Forecast> forecasts = deserializer(Forecast.class);
    List<Forecast> all = new ArrayList<>();
    readAll(FORECASTS, records -> true)
        .forEach(r -> all.add(forecasts.deserialize(FORECASTS, r.value())));
    return all;
  }

  /** Every committed record of {@code topic} up to its current end. */
  private static List<ConsumerRecord<String, byte[]>> readAll(
      String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "lifecycle-reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        if (!consumer.assignment().isEmpty() && caughtUp(consumer) && done.test(records)) {
          break;
        }
      }
    }
    return records;
  }

  private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    return ends.entrySet().stream()
        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
      LockSupport.parkNanos(POLL_INTERVAL.toNanos()); // a polling interval, not a timing assumption
    }
  }

  private static <T extends SpecificRecord> Deserializer<T> deserializer(Class<T> type) {
    return NowcastSerdes.specific(type, Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false)
        .deserializer();
  }

  private static void replay(KafkaProducer<String, SensorReading> producer, List<String> rows) {
    String csv = "timestamp,value\n" + String.join("\n", rows) + "\n";
    Replay.builder()
        .build()
        .run(
            CsvSeries.singleSensor("timestamp", "value", MODEL),
            new StringReader(csv),
            producer,
            INPUT);
  }

  private static long timeOf(String row) {
    return CsvSeries.singleSensor("timestamp", "value", MODEL)
        .read(new StringReader("timestamp,value\n" + row))
        .points()
        .get(0)
        .timestamp()
        .toEpochMilli();
  }

  private static KafkaProducer<String, SensorReading> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(),
        NowcastSerdes.specific(
                SensorReading.class, Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false)
            .serializer());
  }

  /** The NAB ambient-temperature slice's data rows (no header). */
  private static List<String> nabRows() throws IOException {
    String resource = "/nab/ambient_temperature_system_failure.csv";
    try (InputStream in =
        Objects.requireNonNull(ModelLifecycleIT.class.getResourceAsStream(resource), resource)) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      return lines.subList(1, lines.size());
    }
  }

  private Map<String, Object> forecasterConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "lifecycle-it-" + UUID.randomUUID());
    config.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    config.put("nowcast.input.topics", INPUT);
    config.put("nowcast.models.topic", MODELS);
    config.put("nowcast.output.topic", FORECASTS);
    config.put("nowcast.accuracy.topic", ACCURACY);
    config.put("nowcast.dlq.topic", "lifecycle.dlq");
    config.put("nowcast.model.name", MODEL);
    config.put("nowcast.http.port", "0");
    config.put("nowcast.accuracy.every.events", "50");
    config.put("nowcast.timestamp.max.future", "0");
    return config;
  }

  /** A small model and few epochs, so that each cycle takes seconds. */
  private Path trainerConfig() throws IOException {
    Path file = dir.resolve("trainer.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "bootstrap.servers=" + kafka.bootstrapServers(),
            "schema.registry.url=" + registryUrl,
            "nowcast.input.topics=" + INPUT,
            "nowcast.models.topic=" + MODELS,
            "nowcast.model.name=" + MODEL,
            "nowcast.trainer.history=365d",
            "nowcast.trainer.holdout.fraction=0.25",
            "nowcast.model.layers=16",
            "nowcast.model.horizon=6",
            "nowcast.model.features=value,calendar=hour",
            "nowcast.model.epochs=40",
            "nowcast.model.patience=8",
            "nowcast.model.batch.size=2",
            "nowcast.model.chunk.length=32",
            "nowcast.model.learning.rate=0.005",
            ""));
    return file;
  }

  private record Run(int exit, String out, String err) {}

  private static Run trainer(Path config) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Nowcast.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exit = command.execute("trainer", "--config", config.toString(), "--once");
    return new Run(exit, out.toString(), err.toString());
  }
}
