package io.nowcast.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.SensorReading;
import io.nowcast.bench.SyntheticFleet;
import io.nowcast.config.TrainerConfig;
import io.nowcast.local.EmbeddedKafka;
import io.nowcast.serde.InMemorySchemaRegistry;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.train.ProgressListener;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fleet larger than the training budget, on the embedded broker: the cycle reads and counts every
 * reading and key, keeps only the sample that fits the budget (and its memory stays within the
 * budget), trains on two threads and publishes; input topics that keep less than the history are
 * reported.
 */
class TrainerFleetIT {

  private static final String REGISTRY = "mock://trainer-fleet-it-" + UUID.randomUUID();
  private static final int KEYS = 60;
  private static final int POINTS = 300;
  private static final int BUDGET = 3_000;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
    InMemorySchemaRegistry.dropScope(REGISTRY.substring("mock://".length()));
  }

  @Test
  void aFleetLargerThanTheBudgetIsCountedWholeAndTrainedOnASampleWithinIt() throws Exception {
    kafka.createTopic("fleet-sensors", 3, Map.of());
    SyntheticFleet fleet =
        new SyntheticFleet(
            KEYS, POINTS, 7, Duration.ofMinutes(5), Instant.parse("2026-11-01T00:00:00Z"));
    write("fleet-sensors", fleet);

    CycleReport report;
    try (TrainerService service =
        new TrainerService(
            config("fleet-sensors"),
            TrainingSettingsMapping.from(config("fleet-sensors"), 1.0),
            ProgressListener.NONE)) {
      report = service.runCycle();
    }

    ReadReport read = report.read();
    assertEquals(KEYS, read.keysSeen(), read.summaryLine());
    assertEquals((long) KEYS * POINTS, read.readingsRead());
    assertEquals(BUDGET / POINTS, read.keysSampled(), "every key is whole: 10 of 300 fit 3000");
    assertEquals(BUDGET, read.readingsKept());
    assertTrue(read.sampled());
    assertEquals(read.readingsKept(), report.points());
    assertEquals(read.keysSampled(), report.keys(), "every sampled key is trained on");
    // Without the budget the 18,000 readings would hold 288 KB.
    assertTrue(
        read.storedBytes() < 25L * BUDGET + 64 * 1024,
        read.storedBytes() + " bytes held for a budget of " + BUDGET);
    assertEquals(List.of(), read.shortRetention());
    assertEquals(2, report.threads());
    assertTrue(report.published(), report.summaryLine());
  }

  @Test
  void topicsKeepingLessThanTheHistoryAreReportedWithTheirRetention() {
    kafka.createTopic(
        "short-lived", 1, Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(86_400_000L)));
    kafka.createTopic("kept-forever", 1, Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
    kafka.createTopic(
        "compacted",
        1,
        Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.RETENTION_MS_CONFIG,
            "1000"));

    List<String> reported;
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      reported =
          RetentionCheck.shortRetention(
              admin,
              List.of("short-lived", "kept-forever", "compacted"),
              Duration.ofDays(7),
              Instant.now().plusSeconds(30));
    }

    assertEquals(List.of("short-lived: 1d"), reported);
  }

  private static TrainerConfig config(String topic) {
    Map<String, String> keys = new HashMap<>();
    keys.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    keys.put(SerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY);
    keys.put(TrainerConfig.INPUT_TOPICS, topic);
    keys.put(TrainerConfig.MODELS_TOPIC, topic + ".models");
    keys.put(TrainerConfig.MODEL_NAME, topic);
    keys.put(TrainerConfig.HISTORY, "7d");
    keys.put(TrainerConfig.MAX_POINTS, String.valueOf(BUDGET));
    keys.put(TrainerConfig.THREADS, "2");
    keys.put(TrainerConfig.ENSEMBLE, "2");
    keys.put(TrainerConfig.LAYERS, "8");
    keys.put(TrainerConfig.HORIZON, "4");
    keys.put(TrainerConfig.EPOCHS, "3");
    return new TrainerConfig(keys, SerdeConfig.CONFIG_DEF);
  }

  private static void write(String topic, SyntheticFleet fleet) {
    try (KafkaProducer<String, SensorReading> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            NowcastSerdes.specific(
                    SensorReading.class, Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY), false)
                .serializer())) {
      fleet.forEachReading(
          reading ->
              producer.send(
                  new ProducerRecord<>(
                      topic,
                      null,
                      reading.getTimestamp().toEpochMilli(),
                      reading.getSensorId(),
                      reading)));
    }
  }
}
