package io.nowcast.bench;

import io.nowcast.avro.SensorReading;
import io.nowcast.config.TrainerConfig;
import io.nowcast.serde.InMemorySchemaRegistry;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.train.EpochProgress;
import io.nowcast.trainer.CycleReport;
import io.nowcast.trainer.TrainerService;
import io.nowcast.trainer.TrainingSettingsMapping;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code nowcast bench trainer}: writes a {@link SyntheticFleet} into a broker running in a child
 * JVM ({@link BrokerProcess}), then runs one trainer cycle exactly as {@code nowcast trainer
 * --once} does ({@link TrainerService#runCycle()}) with the declared defaults, and reports the
 * cycle's figures and the heap it needed ({@link HeapWatch}: the broker's heap is not in this JVM).
 * The registry is a {@code mock://} one in this JVM, shared by the writer and the trainer.
 */
public final class TrainerBench {

  /** Readings every 5 minutes: 2,016 of them are a week. */
  static final Duration SPACING = Duration.ofMinutes(5);

  /** Every sensor's last reading (the trainer's window is measured back from the data). */
  static final Instant END = Instant.parse("2026-11-01T00:00:00Z");

  private static final String TOPIC = "bench-fleet";

  /**
   * What to run.
   *
   * @param keys sensors in the fleet
   * @param points readings per sensor
   * @param partitions partitions of the input topic
   * @param seed draws the fleet
   * @param overrides trainer keys set on top of the declared defaults (e.g. a budget to try)
   */
  public record Settings(
      int keys, int points, int partitions, long seed, Map<String, String> overrides) {

    /** 2,000 sensors × a week of 5-minute readings, 4 partitions: the target's fleet. */
    public static final Settings DEFAULT = new Settings(2_000, 2_016, 4, 42, Map.of());

    public Settings {
      if (keys < 1 || points < 2 || partitions < 1) {
        throw new IllegalArgumentException(
            "expected keys >= 1, points >= 2 and partitions >= 1, got "
                + keys
                + ", "
                + points
                + ", "
                + partitions);
      }
      overrides = Map.copyOf(overrides);
    }
  }

  private final Settings settings;
  private final PrintWriter err;

  /**
   * @param err receives progress
   */
  public TrainerBench(Settings settings, PrintWriter err) {
    this.settings = settings;
    this.err = err;
  }

  public TrainerBenchResult run() throws InterruptedException {
    String scope = "trainer-bench-" + UUID.randomUUID();
    String registry = "mock://" + scope;
    SyntheticFleet fleet =
        new SyntheticFleet(settings.keys(), settings.points(), settings.seed(), SPACING, END);
    progress("starting a broker in a child JVM");
    try (BrokerProcess broker = BrokerProcess.start()) {
      createTopic(broker.bootstrapServers());
      long writing = System.nanoTime();
      write(fleet, broker.bootstrapServers(), registry);
      double writeSeconds = (System.nanoTime() - writing) / 1e9;
      TrainerConfig config = config(broker.bootstrapServers(), registry);
      progress("running one trainer cycle (" + config.threads() + " threads)");
      return cycle(config, writeSeconds);
    } finally {
      InMemorySchemaRegistry.dropScope(scope);
    }
  }

  private TrainerBenchResult cycle(TrainerConfig config, double writeSeconds)
      throws InterruptedException {
    double loadBefore = loadAverage();
    try (TrainerService service =
            new TrainerService(config, TrainingSettingsMapping.from(config, 1.0), this::onEpoch);
        HeapWatch heap = HeapWatch.start()) {
      CycleReport report = service.runCycle();
      return new TrainerBenchResult(
          settings.keys(),
          settings.points(),
          settings.partitions(),
          writeSeconds,
          report,
          heap.peakBytes(),
          Runtime.getRuntime().maxMemory(),
          heap.collections(),
          loadBefore,
          loadAverage());
    }
  }

  private void createTopic(String bootstrap) throws InterruptedException {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(TOPIC, settings.partitions(), (short) 1)))
          .all()
          .get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not create " + TOPIC + ": " + e.getCause(), e);
    }
  }

  /** All sensors' reading t, then t + 1, …: the order a live fleet delivers. */
  private void write(SyntheticFleet fleet, String bootstrap, String registry) {
    Map<String, Object> producer = new HashMap<>();
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producer.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    producer.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    long total = (long) fleet.keys() * fleet.points();
    long step = Math.max(1, total / 10);
    long[] written = {0};
    progress(String.format(Locale.ROOT, "writing %,d readings", total));
    try (KafkaProducer<String, SensorReading> out =
        new KafkaProducer<>(
            producer,
            new StringSerializer(),
            NowcastSerdes.specific(
                    SensorReading.class, Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry), false)
                .serializer())) {
      fleet.forEachReading(
          reading -> {
            long timestamp = reading.getTimestamp().toEpochMilli();
            out.send(new ProducerRecord<>(TOPIC, null, timestamp, reading.getSensorId(), reading));
            if (++written[0] % step == 0) {
              progress(String.format(Locale.ROOT, "written %,d of %,d", written[0], total));
            }
          });
      out.flush();
    }
  }

  /**
   * The declared defaults, the benchmark's topics and a history window long enough for the fleet,
   * then the overrides.
   */
  private TrainerConfig config(String bootstrap, String registry) {
    Map<String, String> keys = new HashMap<>();
    keys.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    keys.put(SerdeConfig.SCHEMA_REGISTRY_URL, registry);
    keys.put(TrainerConfig.INPUT_TOPICS, TOPIC);
    keys.put(TrainerConfig.MODELS_TOPIC, TOPIC + ".models");
    keys.put(TrainerConfig.MODEL_NAME, "bench");
    long minutes = SPACING.toMinutes() * settings.points();
    keys.put(TrainerConfig.HISTORY, Math.max(minutes, Duration.ofDays(7).toMinutes()) + "m");
    keys.putAll(settings.overrides());
    return new TrainerConfig(keys, SerdeConfig.CONFIG_DEF);
  }

  private void onEpoch(EpochProgress epoch) {
    progress(
        String.format(
            Locale.ROOT,
            "member %d/%d epoch %d/%d: train %.5f, holdout %.5f (%.1f s)",
            epoch.member(),
            epoch.members(),
            epoch.epoch(),
            epoch.maxEpochs(),
            epoch.trainLoss(),
            epoch.holdoutLoss(),
            epoch.elapsed().toMillis() / 1000.0));
  }

  private void progress(String message) {
    err.println("bench trainer: " + message);
    err.flush();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
