package io.nowcast.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.config.TrainerConfig;
import io.nowcast.local.EmbeddedKafka;
import io.nowcast.serde.AvroSerializer;
import io.nowcast.serde.InMemorySchemaRegistry;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.train.NotEnoughDataException;
import io.nowcast.train.ProgressListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trainer without {@code --once} on the embedded broker: cycles every {@code
 * nowcast.trainer.interval} (1 s here); the first finds an empty topic and fails, the loop goes on,
 * a later one publishes once data has arrived; {@code stop()} ends the loop.
 */
class TrainerScheduleIT {

  private static final String REGISTRY = "mock://trainer-schedule-it-" + UUID.randomUUID();
  private static final String TOPIC = "scheduled-sensors";
  private static final String MODELS = TOPIC + ".models";

  /** Bounds a hang; not a speed requirement (a cycle of this small model takes about a second). */
  private static final long DEADLINE_SECONDS = 120;

  private static EmbeddedKafka kafka;

  private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();

  /** Written and read on the loop's thread only. */
  private boolean dataSent;

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
  void cyclesRunEveryIntervalAFailedOneDoesNotEndTheLoopAndStopEndsIt() throws Exception {
    kafka.createTopic(TOPIC, 1, Map.of());
    TrainerConfig config = config();
    CycleSchedule schedule = new CycleSchedule(config.interval());
    AtomicReference<Throwable> loopFailure = new AtomicReference<>();
    Thread loop;
    try (TrainerService service =
        new TrainerService(
            config, TrainingSettingsMapping.from(config, 1.0), ProgressListener.NONE)) {
      loop = new Thread(() -> runLoop(schedule, service, loopFailure), "trainer-schedule-it");
      loop.start();

      assertInstanceOf(NotEnoughDataException.class, next(), "the topic is still empty");
      List<CycleReport> completed = new ArrayList<>();
      while (completed.size() < 2) {
        Object outcome = next();
        if (outcome instanceof CycleReport report) {
          completed.add(report);
        }
      }
      schedule.stop();
      loop.join(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));

      assertFalse(loop.isAlive(), "stop() ends the loop");
      assertNull(loopFailure.get(), "run() returns normally after stop()");
      assertEquals(400, completed.get(0).points());
      assertEquals(
          Long.valueOf(1), completed.get(0).publishedVersion(), completed.get(0).summaryLine());
      assertEquals(
          Long.valueOf(1), completed.get(1).championVersion(), "the second cycle sees version 1");
      assertEquals(
          0.9, publishedCalibrationLevel(), "nowcast.model.interval.level reaches the snapshot");
    }
  }

  private void runLoop(
      CycleSchedule schedule, TrainerService service, AtomicReference<Throwable> failure) {
    try {
      schedule.run(
          service::runCycle,
          new CycleSchedule.Listener() {
            @Override
            public void completed(CycleReport report) {
              outcomes.add(report);
            }

            /** The data arrives after the first (failed) cycle and before the next one starts. */
            @Override
            public void failed(RuntimeException cause) {
              if (!dataSent) {
                sendWave(400);
                dataSent = true;
              }
              outcomes.add(cause);
            }
          });
    } catch (InterruptedException | RuntimeException e) {
      failure.set(e);
    }
  }

  private Object next() throws InterruptedException {
    Object outcome = outcomes.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
    assertNotNull(outcome, "no cycle ended within " + DEADLINE_SECONDS + " s");
    return outcome;
  }

  private static TrainerConfig config() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("bootstrap.servers", kafka.bootstrapServers());
    properties.put(SerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY);
    properties.put(TrainerConfig.INPUT_TOPICS, TOPIC);
    properties.put(TrainerConfig.MODELS_TOPIC, MODELS);
    properties.put(TrainerConfig.MODEL_NAME, TOPIC);
    properties.put(TrainerConfig.INTERVAL, "1s");
    properties.put(TrainerConfig.HISTORY, "30d");
    properties.put(TrainerConfig.BROKER_TIMEOUT, "30s");
    properties.put(TrainerConfig.INTERVAL_LEVEL, "0.9");
    properties.put(TrainerConfig.LAYERS, "8");
    properties.put(TrainerConfig.HORIZON, "4");
    properties.put(TrainerConfig.EPOCHS, "15");
    properties.put(TrainerConfig.BATCH_SIZE, "4");
    properties.put(TrainerConfig.CHUNK_LENGTH, "16");
    properties.put(TrainerConfig.FEATURES, "value,calendar=hour");
    return new TrainerConfig(properties, SerdeConfig.CONFIG_DEF);
  }

  /** {@code count} hourly readings of a daily sine, as in {@code TrainerOnceIT}. */
  private static void sendWave(int count) {
    AvroSerializer<SensorReading> values = new AvroSerializer<>();
    values.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY), false);
    Instant first = Instant.parse("2013-07-01T00:00:00Z");
    try (KafkaProducer<String, SensorReading> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            values)) {
      for (int i = 0; i < count; i++) {
        Instant time = first.plusSeconds(i * 3_600L);
        double value = 20 + 5 * Math.sin(2 * Math.PI * time.getEpochSecond() / 86_400.0);
        producer.send(
            new ProducerRecord<>(
                TOPIC,
                null,
                time.toEpochMilli(),
                "wave",
                new SensorReading("wave", time, value, Map.of())));
      }
    }
  }

  /** The calibration level of version 1 as published on the models topic. */
  private static double publishedCalibrationLevel() {
    Map<String, Object> properties =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    try (KafkaConsumer<String, ModelSnapshot> consumer =
        new KafkaConsumer<>(
            properties,
            new StringDeserializer(),
            NowcastSerdes.specific(
                    ModelSnapshot.class, Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY), false)
                .deserializer())) {
      TopicPartition partition = new TopicPartition(MODELS, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, ModelSnapshot> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.key().equals(TOPIC + "@1")) {
            return record.value().getCalibration().getLevel();
          }
        }
      }
    }
    throw new AssertionError("version 1 not found on " + MODELS);
  }
}
