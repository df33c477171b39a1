package io.nowcast.reliability;

import com.sun.management.GcInfo;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.config.Durations;
import io.nowcast.config.TrainerConfig;
import io.nowcast.local.EmbeddedKafka;
import io.nowcast.serde.AvroSerde;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.stream.ForecasterApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The soak run (not a test): the forecaster and the trainer on an embedded broker, fed at a steady
 * rate over many keys for a given duration, printing every interval the consumer lag of the
 * forecaster's group, the heap after the last GC, every minute the live heap after a forced full
 * GC, the process RSS, the state-store size on disk, the forecast latency (wall clock at read minus
 * the reading's event time, which the feeder stamps with the wall clock at send), the model
 * versions that made the interval's forecasts and the trainer's cycles so far; each trainer cycle
 * also prints its summary as a {@code # trainer:} line. Run it with {@code scripts/soak.sh DURATION
 * [RATE] [KEYS] [TRAINER_INTERVAL]}; see {@code docs/reliability.md}.
 *
 * <p>Everything runs in this one JVM (broker, forecaster, trainer, feeder, reader) with the
 * in-process {@code mock://} registry, so the figures are an upper bound for the forecaster alone.
 * The trainer publishes to the models topic the forecaster serves from, so the soak swaps models
 * under load (version 1 is a seeded fixture model published at the start).
 */
public final class Soak {

  private static final String INPUT = "soak-readings";
  private static final String OUTPUT = "soak-forecasts";
  private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

  /**
   * Every this many reports the soak forces a full collection and prints the heap left after it:
   * the live set. The "heap after the last GC" of a young collection still counts old-generation
   * garbage that G1 has not reached yet (a trainer cycle's history, for one), so only the live set
   * tells a leak from a saw-tooth. The forced pause shows in that interval's latency.
   */
  private static final int LIVE_HEAP_EVERY_REPORTS = 6;

  private final Duration duration;
  private final int rate;
  private final int keys;
  private final Path stateDir;
  private final AtomicBoolean feeding = new AtomicBoolean(true);
  private final LatencyWindow latency = new LatencyWindow();
  private final VersionWindow versions = new VersionWindow();

  /** Null when the soak runs without the trainer. */
  private final Duration trainerInterval;

  /** The trainer's {@code nowcast.model.ensemble}. */
  private final String ensemble;

  private SoakTrainer trainer;

  private Soak(
      Duration duration,
      int rate,
      int keys,
      Duration trainerInterval,
      String ensemble,
      Path stateDir) {
    this.duration = duration;
    this.rate = rate;
    this.keys = keys;
    this.trainerInterval = trainerInterval;
    this.ensemble = ensemble;
    this.stateDir = stateDir;
  }

  /**
   * {@code Soak DURATION [RATE_PER_SECOND] [KEYS] [TRAINER_INTERVAL] [ENSEMBLE]}, e.g. {@code Soak
   * 30m 5000 10000 3m}; a trainer interval of {@code off} runs the forecaster alone; ENSEMBLE
   * (default 1) is the trainer's {@code nowcast.model.ensemble}, 3 to serve merged ensembles as the
   * product default does.
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 5) {
      System.err.println(
          "usage: Soak DURATION [RATE_PER_SECOND=5000] [KEYS=10000] [TRAINER_INTERVAL=2m|off] "
              + "[ENSEMBLE=1]   e.g. Soak 3m 5000 10000");
      System.exit(2);
    }
    Duration duration = Durations.parse(args[0]);
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    int keys = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    String interval = args.length > 3 ? args[3] : "2m";
    Duration trainerInterval = interval.equals("off") ? null : Durations.parse(interval);
    String ensemble = args.length > 4 ? args[4] : "1";
    new Soak(
            duration,
            rate,
            keys,
            trainerInterval,
            ensemble,
            Files.createTempDirectory("nowcast-soak-state"))
        .run();
    System.exit(0);
  }

  private void run() throws Exception {
    String scope = "mock://soak-" + UUID.randomUUID();
    Map<String, Object> serdeConfig = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, scope);
    String applicationId = "soak-" + UUID.randomUUID();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic(INPUT, 4, Map.of());
      kafka.createTopic(OUTPUT, 4, Map.of());
      kafka.createTopic("soak-accuracy", 1, Map.of());
      kafka.createTopic("soak-dlq", 1, Map.of());
      kafka.createCompactedTopic("soak-models", 1);
      publishModel(kafka, serdeConfig);
      try (ForecasterApp app = ForecasterApp.start(config(kafka, scope, applicationId))) {
        if (!app.awaitRunning(Duration.ofSeconds(60))) {
          throw new IllegalStateException("the forecaster did not reach RUNNING within 60 s");
        }
        Thread feeder = new Thread(() -> feed(kafka, serdeConfig), "soak-feeder");
        Thread reader = new Thread(() -> read(kafka, serdeConfig), "soak-reader");
        feeder.start();
        reader.start();
        startTrainer(kafka, scope);
        report(kafka, applicationId);
        if (trainer != null) {
          trainer.stop();
        }
        feeding.set(false);
        feeder.join();
        reader.join();
      }
    }
  }

  private void startTrainer(EmbeddedKafka kafka, String registry) {
    if (trainerInterval != null) {
      trainer =
          new SoakTrainer(
              kafka.bootstrapServers(),
              registry,
              Map.of(
                  "nowcast.input.topics",
                  INPUT,
                  "nowcast.models.topic",
                  "soak-models",
                  TrainerConfig.ENSEMBLE,
                  ensemble),
              trainerInterval,
              rate,
              keys);
      trainer.start();
    }
  }

  private void publishModel(EmbeddedKafka kafka, Map<String, Object> serdeConfig) {
    try (AvroSerde<ModelSnapshot> models =
            NowcastSerdes.specific(ModelSnapshot.class, serdeConfig, false);
        KafkaProducer<String, byte[]> producer = producer(kafka)) {
      ModelSnapshot model = ReliabilityFixtures.snapshot(1, 5);
      producer.send(
          new ProducerRecord<>(
              "soak-models", "fleet@1", models.serializer().serialize("soak-models", model)));
      producer.flush();
    }
  }

  /**
   * Sends {@code rate} readings a second, round-robin over the keys, paced per 10 ms slice. Each
   * key follows a sine with a period of 12 of its readings (phase shifted per key) plus a little
   * deterministic noise: a signal the trainer's small LSTM learns to forecast far better than
   * repeat-last-value, so that its challengers win and the forecaster swaps models during the soak.
   */
  private void feed(EmbeddedKafka kafka, Map<String, Object> serdeConfig) {
    try (AvroSerde<SensorReading> readings =
            NowcastSerdes.specific(SensorReading.class, serdeConfig, false);
        KafkaProducer<String, byte[]> producer = producer(kafka)) {
      long start = System.nanoTime();
      long sent = 0;
      while (feeding.get()) {
        long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
        for (; sent < due; sent++) {
          String sensor = "soak-" + (sent % keys);
          Instant now = Instant.now();
          double value =
              20
                  + 5
                      * Math.sin(
                          2 * Math.PI * ((sent / keys) / 12.0 + (sent % keys) / (double) keys))
                  + (sent * 7919 % 100) / 500.0;
          producer.send(
              new ProducerRecord<>(
                  INPUT,
                  null,
                  now.toEpochMilli(),
                  sensor,
                  readings
                      .serializer()
                      .serialize(INPUT, new SensorReading(sensor, now, value, Map.of()))));
        }
        LockSupport.parkNanos(10_000_000L);
      }
    }
  }

  private void read(EmbeddedKafka kafka, Map<String, Object> serdeConfig) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "soak-reader",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    try (AvroSerde<Forecast> forecasts =
            NowcastSerdes.specific(Forecast.class, serdeConfig, false);
        KafkaConsumer<byte[], Forecast> consumer =
            new KafkaConsumer<>(config, new ByteArrayDeserializer(), forecasts.deserializer())) {
      consumer.subscribe(List.of(OUTPUT));
      while (feeding.get()) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                record -> {
                  latency.add(
                      System.currentTimeMillis() - record.value().getTimestamp().toEpochMilli());
                  versions.add(record.value().getModelVersion());
                });
      }
    }
  }

  private void report(EmbeddedKafka kafka, String applicationId) throws Exception {
    System.out.printf(
        "%8s %10s %10s %10s %10s %12s %10s %10s %10s %10s %8s %8s%n",
        "t[s]",
        "forecasts",
        "lag",
        "heap[MB]",
        "live[MB]",
        "rss[MB]",
        "state[MB]",
        "p50[ms]",
        "p99[ms]",
        "max[ms]",
        "model",
        "cycles");
    int reports = 0;
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      while (System.nanoTime() < end) {
        LockSupport.parkNanos(Math.min(REPORT_EVERY.toNanos(), end - System.nanoTime()));
        long[] window = latency.drain();
        double heapAfterLastGc = heapAfterGcBytes() / 1e6;
        String live =
            ++reports % LIVE_HEAP_EVERY_REPORTS == 0
                ? String.format("%.1f", liveHeapBytes() / 1e6)
                : ".";
        System.out.printf(
            "%8d %10d %10d %10.1f %10s %12.1f %10.1f %10d %10d %10d %8s %8s%n",
            (System.nanoTime() - start) / 1_000_000_000L,
            window.length,
            lag(admin, applicationId),
            heapAfterLastGc,
            live,
            rssBytes() / 1e6,
            directoryBytes(stateDir) / 1e6,
            percentile(window, 0.5),
            percentile(window, 0.99),
            window.length == 0 ? 0 : window[window.length - 1],
            versions.drain(),
            trainer == null ? "off" : trainer.cycles());
      }
    }
  }

  /**
   * Input records not yet committed by the forecaster's group, summed over the input partitions.
   */
  private static long lag(Admin admin, String applicationId) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(List.of(INPUT))
        .allTopicNames()
        .get()
        .get(INPUT)
        .partitions()
        .forEach(p -> latest.put(new TopicPartition(INPUT, p.partition()), OffsetSpec.latest()));
    long lag = 0;
    for (var entry : admin.listOffsets(latest).all().get().entrySet()) {
      OffsetAndMetadata done = committed.get(entry.getKey());
      lag += entry.getValue().offset() - (done == null ? 0 : done.offset());
    }
    return lag;
  }

  /**
   * Heap in use right after the most recent collection of any collector (a young collection's
   * figure includes the old generation as it stood then); -1 before the first collection.
   */
  private static long heapAfterGcBytes() {
    GcInfo latest = null;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof com.sun.management.GarbageCollectorMXBean detailed) {
        GcInfo info = detailed.getLastGcInfo();
        if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
          latest = info;
        }
      }
    }
    if (latest == null) {
      return -1;
    }
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage after = latest.getMemoryUsageAfterGc().get(pool.getName());
      if (pool.getType() == MemoryType.HEAP && after != null) {
        bytes += after.getUsed();
      }
    }
    return bytes;
  }

  /**
   * Heap in use right after a forced full collection (G1: {@code System.gc()} is a full,
   * stop-the-world GC).
   */
  private static long liveHeapBytes() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long rssBytes() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
      return lines
          .filter(l -> l.startsWith("VmRSS:"))
          .findFirst()
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
          .orElse(-1L);
    } catch (IOException e) {
      return -1; // not Linux
    }
  }

  private static long directoryBytes(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(Soak::size).sum();
    } catch (IOException | UncheckedIOException e) {
      return -1; // RocksDB renamed a file under us; the next interval reads it again
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // deleted by a compaction between listing and reading it
    }
  }

  private static long percentile(long[] sorted, double quantile) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))];
  }

  private Map<String, Object> config(EmbeddedKafka kafka, String registry, String applicationId) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put(SerdeConfig.SCHEMA_REGISTRY_URL, registry);
    config.put("application.id", applicationId);
    config.put("state.dir", stateDir.toString());
    config.put("num.stream.threads", "2");
    config.put("nowcast.input.topics", INPUT);
    config.put("nowcast.output.topic", OUTPUT);
    config.put("nowcast.accuracy.topic", "soak-accuracy");
    config.put("nowcast.dlq.topic", "soak-dlq");
    config.put("nowcast.models.topic", "soak-models");
    config.put("nowcast.model.name", ReliabilityFixtures.MODEL_NAME);
    config.put("nowcast.http.port", "0");
    return config;
  }

  private static KafkaProducer<String, byte[]> producer(EmbeddedKafka kafka) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG,
            10),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /** Model versions of one report interval's forecasts, e.g. {@code 1,2} across a swap. */
  private static final class VersionWindow {
    private final SortedSet<Long> seen = new TreeSet<>();

    synchronized void add(long version) {
      seen.add(version);
    }

    synchronized String drain() {
      String versions =
          seen.isEmpty()
              ? "-"
              : seen.stream().map(String::valueOf).collect(Collectors.joining(","));
      seen.clear();
      return versions;
    }
  }

  /** Latencies of one report interval, filled by the reader thread and drained by the reporter. */
  private static final class LatencyWindow {
    private long[] values = new long[1024];
    private int count;

    synchronized void add(long millis) {
      if (count == values.length) {
        values = Arrays.copyOf(values, count * 2);
      }
      values[count++] = millis;
    }

    synchronized long[] drain() {
      long[] sorted = Arrays.copyOf(values, count);
      Arrays.sort(sorted);
      count = 0;
      return sorted;
    }
  }
}
