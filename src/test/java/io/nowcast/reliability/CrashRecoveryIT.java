package io.nowcast.reliability;

import static io.nowcast.reliability.ReliabilityFixtures.fleet;
import static io.nowcast.reliability.ReliabilityFixtures.reference;
import static io.nowcast.reliability.ReliabilityFixtures.snapshot;
import static io.nowcast.reliability.ReliabilityFixtures.withoutProducedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.config.ForecasterConfig;
import io.nowcast.local.EmbeddedKafka;
import io.nowcast.reliability.ReliabilityFixtures.ForecastKey;
import io.nowcast.serde.AvroSerde;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.stream.ForecasterTopology;
import io.nowcast.stream.errors.DeadLetterRecords;
import io.nowcast.testing.RealSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Exactly-once v2 end to end, the way Kafka's own {@code EosIntegrationTest} and {@code
 * streams_eos_test.py} show it: a forecaster in a child JVM is killed with SIGKILL at seeded points
 * of its progress and restarted (test 1), or restarted with its local state wiped so it must
 * restore from the changelog (test 2). A {@code read_committed} reader must then see exactly one
 * forecast per input reading, each bit-identical (all fields but {@code produced_at}) to the
 * offline reference run of the same engine over the same input.
 */
class CrashRecoveryIT {

  private static final int SENSORS = 24;
  private static final int READINGS_PER_SENSOR = 250;
  private static final Duration START_DEADLINE = Duration.ofSeconds(60);
  private static final Duration OUTPUT_DEADLINE = Duration.ofSeconds(120);

  private static EmbeddedKafka kafka;
  private static String registryUrl;
  private static ModelSnapshot model;
  private static List<SensorReading> input;
  private static Map<ForecastKey, Forecast> expected;

  @BeforeAll
  static void startInfrastructure() {
    // The broker aborts a transaction that outlived its timeout at its next check, every 10 s by
    // default: a killed instance whose producer nobody fences (test 2: new transactional ids) would
    // hold back read_committed readers for up to timeout + 10 s. Kafka's own EOS tests shorten it
    // too.
    kafka =
        EmbeddedKafka.builder()
            .brokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
            .start();
    registryUrl = RealSchemaRegistry.shared().url();
    model = snapshot(1, 17);
    input = fleet(SENSORS, READINGS_PER_SENSOR);
    expected = reference(model, input);
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void killNineAtSeededPointsLosesAndDuplicatesNothing() {
    Run run = new Run("kill");
    List<Integer> killPoints = seededKillPoints(new Random(20261126L), 3, expected.size());
    List<Forecast> seen = run.withKills(killPoints, false);
    assertExactlyTheReference(seen);
    assertEquals(List.of(), run.deadLetters(), "good inputs dead-lettered");
  }

  @Test
  void wipedLocalStateIsRestoredFromTheChangelog() {
    Run run = new Run("wipe");
    List<Integer> killPoints = seededKillPoints(new Random(7L), 2, expected.size());
    List<Forecast> seen = run.withKills(killPoints, true);
    assertExactlyTheReference(seen);
    assertEquals(List.of(), run.deadLetters(), "good inputs dead-lettered");
  }

  @Test
  void aSecondInstanceJoiningAndTheFirstLeavingWithStandbysDuplicatesNothing() {
    Run run = new Run("rebalance");
    List<Forecast> seen = run.withRebalance(expected.size() / 4, expected.size() / 2);
    assertExactlyTheReference(seen);
    assertEquals(List.of(), run.deadLetters(), "good inputs dead-lettered");
  }

  /**
   * The second step of a rolling upgrade of the state format (docs/state-format.md): an instance
   * writing format 2 and one writing format 3 share the group, take over and keep standbys of each
   * other's tasks, and the format-2 instance leaves. Nothing may be lost, duplicated or changed.
   */
  @Test
  void instancesWritingBothStateFormatsShareTheGroupDuringARollingUpgrade() {
    Run run = new Run("upgrade");
    List<Forecast> seen = run.withRollingUpgrade();
    assertExactlyTheReference(seen);
    assertEquals(List.of(), run.deadLetters(), "good inputs dead-lettered");
    assertEquals(
        Set.of(2, 3), run.stateFormatsInTheChangelog(), "format version bytes in the changelog");
  }

  /** {@code count} distinct sorted points in the middle 80% of the output, from a fixed seed. */
  private static List<Integer> seededKillPoints(Random random, int count, int total) {
    return random
        .ints(total / 10, total * 9 / 10)
        .distinct()
        .limit(count)
        .sorted()
        .boxed()
        .toList();
  }

  private static void assertExactlyTheReference(List<Forecast> seen) {
    Map<ForecastKey, Integer> copies = new TreeMap<>();
    seen.forEach(f -> copies.merge(ForecastKey.of(f), 1, Integer::sum));
    List<ForecastKey> duplicated =
        copies.entrySet().stream()
            .filter(e -> e.getValue() > 1)
            .map(Map.Entry::getKey)
            .limit(5)
            .toList();
    assertEquals(List.of(), duplicated, "forecasts seen more than once by a read_committed reader");
    List<ForecastKey> missing =
        expected.keySet().stream().filter(k -> !copies.containsKey(k)).sorted().limit(5).toList();
    assertEquals(List.of(), missing, "forecasts never seen");
    assertEquals(expected.size(), seen.size(), "one committed forecast per reading");
    List<ForecastKey> differing =
        seen.stream()
            .filter(f -> !withoutProducedAt(f).equals(expected.get(ForecastKey.of(f))))
            .map(ForecastKey::of)
            .sorted(Comparator.naturalOrder())
            .limit(5)
            .toList();
    assertEquals(List.of(), differing, "forecasts that differ from the uninterrupted reference");
  }

  /** One application (own topics and application.id) run through kills and restarts. */
  private final class Run {

    private final String name;
    private final String inputTopic;
    private final String outputTopic;
    private final Map<String, String> settings = new HashMap<>();
    private final Path work;
    private final Path stateDir;

    /**
     * The forecaster currently running (replaced at each restart), stopped at the end whatever
     * happens.
     */
    private ChildForecaster live;

    Run(String name) {
      this.name = name + "-" + UUID.randomUUID().toString().substring(0, 8);
      inputTopic = "readings-" + this.name;
      outputTopic = "forecasts-" + this.name;
      // Under target/ rather than a temporary directory so that the child forecasters' logs and
      // configurations outlive a failed run.
      work = Path.of("target", "reliability", this.name).toAbsolutePath();
      stateDir = work.resolve("state");
      createDirectories(work);
      kafka.createTopic(inputTopic, 4, Map.of());
      kafka.createTopic(outputTopic, 2, Map.of());
      kafka.createTopic("accuracy-" + this.name, 1, Map.of());
      kafka.createTopic("dlq-" + this.name, 1, Map.of());
      kafka.createCompactedTopic("models-" + this.name, 1);
      settings.putAll(settings());
    }

    private Map<String, String> settings() {
      return Map.ofEntries(
          Map.entry("bootstrap.servers", kafka.bootstrapServers()),
          Map.entry(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl),
          Map.entry("application.id", "reliability-" + name),
          Map.entry("state.dir", stateDir.toString()),
          Map.entry("num.stream.threads", "2"),
          // Static membership: a restarted instance takes its old place at once instead of waiting
          // out the dead member's session; the short session bounds the wait when it does not.
          Map.entry("group.instance.id", "reliability-" + name + "-instance"),
          Map.entry("session.timeout.ms", "6000"),
          Map.entry("heartbeat.interval.ms", "1000"),
          // A killed instance's open transaction blocks read_committed readers until it times out
          // (when the restarted producer does not fence it first). 10 s, Kafka Streams' own EOS
          // default: 5 s made the broker abort live transactions (InvalidProducerEpochException,
          // task re-initialisation) when other builds loaded the machine.
          Map.entry("producer.transaction.timeout.ms", "10000"),
          Map.entry("nowcast.input.topics", inputTopic),
          Map.entry("nowcast.output.topic", outputTopic),
          Map.entry("nowcast.accuracy.topic", "accuracy-" + name),
          Map.entry("nowcast.dlq.topic", "dlq-" + name),
          Map.entry("nowcast.models.topic", "models-" + name),
          Map.entry("nowcast.model.name", ReliabilityFixtures.MODEL_NAME),
          Map.entry("nowcast.ring.buffer.size", Integer.toString(ReliabilityFixtures.RING)),
          Map.entry(
              "nowcast.accuracy.every.events",
              Integer.toString(ReliabilityFixtures.ACCURACY_EVERY)),
          Map.entry("nowcast.interval.level", Double.toString(ReliabilityFixtures.LEVEL)));
    }

    /**
     * Publishes the model and the whole input, starts the forecaster, kills it with SIGKILL each
     * time the committed output reaches a kill point (optionally wiping its state directory) and
     * restarts it; returns everything a read_committed reader saw once the output is complete.
     */
    List<Forecast> withKills(List<Integer> killPoints, boolean wipeState) {
      Map<String, Object> serdeConfig = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
      try (AvroSerde<Forecast> forecasts =
              NowcastSerdes.specific(Forecast.class, serdeConfig, false);
          CommittedForecasts reader = committedReader(forecasts)) {
        publishModelAndInput(serdeConfig);
        int run = 0;
        live = startChild(run++);
        try {
          return killAndRestart(reader, killPoints, wipeState, run);
        } finally {
          live.close();
        }
      }
    }

    private List<Forecast> killAndRestart(
        CommittedForecasts reader, List<Integer> killPoints, boolean wipeState, int firstRun) {
      int run = firstRun;
      for (int point : killPoints) {
        awaitForecasts(reader, point);
        live.kill();
        int committedAtKill = reader.poll();
        System.out.printf(
            "[%s] SIGKILL pid %d at >= %d committed forecasts (%d seen after the kill)%n",
            name, live.pid(), point, committedAtKill);
        if (wipeState) {
          deleteRecursively(stateDir);
        }
        live = startChild(run++);
      }
      awaitForecasts(reader, expected.size());
      return reader.drain(Duration.ofSeconds(2));
    }

    /**
     * Publishes the model and the input, starts one forecaster, starts a second one (own state
     * directory and instance id, one standby replica each) once {@code joinAt} forecasts are
     * committed, stops the first gracefully at {@code leaveAt}; returns all a read_committed reader
     * saw.
     */
    List<Forecast> withRebalance(int joinAt, int leaveAt) {
      settings.put("num.standby.replicas", "1");
      Map<String, Object> serdeConfig = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
      try (AvroSerde<Forecast> forecasts =
              NowcastSerdes.specific(Forecast.class, serdeConfig, false);
          CommittedForecasts reader = committedReader(forecasts)) {
        publishModelAndInput(serdeConfig);
        try (ChildForecaster first = startChild(0)) {
          awaitForecasts(reader, joinAt);
          settings.put("state.dir", work.resolve("state-2").toString());
          settings.put("group.instance.id", "reliability-" + name + "-instance-2");
          return joinThenLeave(reader, first, leaveAt);
        }
      }
    }

    /**
     * A rolling upgrade in thirds of the input, one standby replica each: an instance writing state
     * format 2 forecasts the first third; an instance writing format 3 joins (own state directory
     * and instance id) and both forecast the second; the first stops gracefully and the second
     * forecasts the rest, taking over the first's keys. Returns all a read_committed reader saw.
     */
    List<Forecast> withRollingUpgrade() {
      settings.put("num.standby.replicas", "1");
      settings.put(ForecasterConfig.STATE_FORMAT_WRITE, "2");
      Map<String, Object> serdeConfig = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
      int third = input.size() / 3;
      try (AvroSerde<Forecast> forecasts =
              NowcastSerdes.specific(Forecast.class, serdeConfig, false);
          CommittedForecasts reader = committedReader(forecasts)) {
        publishModel(serdeConfig);
        publishReadings(serdeConfig, input.subList(0, third));
        try (ChildForecaster previous = startChild(0)) {
          awaitForecasts(reader, third);
          settings.put("state.dir", work.resolve("state-2").toString());
          settings.put("group.instance.id", "reliability-" + name + "-instance-2");
          settings.put(ForecasterConfig.STATE_FORMAT_WRITE, "3");
          try (ChildForecaster upgraded = startChild(1)) {
            publishReadings(serdeConfig, input.subList(third, 2 * third));
            awaitForecasts(reader, 2 * third);
            previous.close();
            publishReadings(serdeConfig, input.subList(2 * third, input.size()));
            awaitForecasts(reader, expected.size());
            return reader.drain(Duration.ofSeconds(2));
          }
        }
      }
    }

    private List<Forecast> joinThenLeave(
        CommittedForecasts reader, ChildForecaster first, int leaveAt) {
      try (ChildForecaster second = startChild(1)) {
        awaitForecasts(reader, leaveAt);
        long stopping = System.nanoTime();
        first.close();
        System.out.printf(
            "[%s] first instance stopped gracefully in %d ms at %d committed forecasts%n",
            name, (System.nanoTime() - stopping) / 1_000_000, reader.poll());
        awaitForecasts(reader, expected.size());
        return reader.drain(Duration.ofSeconds(2));
      }
    }

    private CommittedForecasts committedReader(AvroSerde<Forecast> forecasts) {
      return new CommittedForecasts(
          kafka.bootstrapServers(), outputTopic, forecasts.deserializer());
    }

    /**
     * Waits for {@code count} committed forecasts; a timeout names the dead letters, since a
     * forecast that never comes was most likely dead-lettered rather than delayed.
     */
    private void awaitForecasts(CommittedForecasts reader, int count) {
      try {
        reader.awaitAtLeast(count, OUTPUT_DEADLINE);
      } catch (AssertionFailedError e) {
        throw new AssertionFailedError(e.getMessage() + "; dead letters: " + deadLetters(), e);
      }
    }

    /** Every committed dead letter of this run, as "reason exception: message". */
    List<String> deadLetters() {
      List<String> letters = new ArrayList<>();
      readCommitted("dlq-" + name, record -> letters.add(describe(record)));
      return letters;
    }

    /** The format version bytes of every committed record of the sensor-state changelog. */
    Set<Integer> stateFormatsInTheChangelog() {
      Set<Integer> formats = new TreeSet<>();
      readCommitted(
          "reliability-" + name + "-" + ForecasterTopology.SENSOR_STATE_STORE + "-changelog",
          record -> formats.add((int) record.value()[0]));
      return formats;
    }

    /** Hands every committed record of {@code topic}, all partitions, to {@code sink}. */
    private void readCommitted(String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafka.bootstrapServers(),
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                  "read_committed"),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer())) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Poll.until(
            Duration.ofSeconds(30),
            () -> {
              consumer.poll(Duration.ofMillis(100)).forEach(sink);
              return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            },
            () -> "topic " + topic + " read to offsets " + ends);
      }
    }

    private ChildForecaster startChild(int run) {
      long started = System.nanoTime();
      ChildForecaster child = ChildForecaster.startReady(settings, work, run, START_DEADLINE);
      System.out.printf(
          "[%s] forecaster run %d RUNNING after %d ms%n",
          name, run, (System.nanoTime() - started) / 1_000_000);
      return child;
    }

    private void publishModelAndInput(Map<String, Object> serdeConfig) {
      publishModel(serdeConfig);
      publishReadings(serdeConfig, input);
    }

    private void publishModel(Map<String, Object> serdeConfig) {
      try (AvroSerde<ModelSnapshot> models =
              NowcastSerdes.specific(ModelSnapshot.class, serdeConfig, false);
          KafkaProducer<String, byte[]> producer = producer()) {
        String modelsTopic = "models-" + name;
        producer.send(
            new ProducerRecord<>(
                modelsTopic, "fleet@1", models.serializer().serialize(modelsTopic, model)));
        producer.flush();
      }
    }

    private void publishReadings(Map<String, Object> serdeConfig, List<SensorReading> series) {
      try (AvroSerde<SensorReading> readings =
              NowcastSerdes.specific(SensorReading.class, serdeConfig, false);
          KafkaProducer<String, byte[]> producer = producer()) {
        for (SensorReading reading : series) {
          producer.send(
              new ProducerRecord<>(
                  inputTopic,
                  null,
                  reading.getTimestamp().toEpochMilli(),
                  reading.getSensorId(),
                  readings.serializer().serialize(inputTopic, reading)));
        }
        producer.flush();
      }
    }
  }

  private static String describe(ConsumerRecord<byte[], byte[]> deadLetter) {
    return header(deadLetter, DeadLetterRecords.REASON_HEADER)
        + " "
        + header(deadLetter, DeadLetterRecords.EXCEPTION_HEADER)
        + ": "
        + header(deadLetter, DeadLetterRecords.MESSAGE_HEADER);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "-" : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory, e);
    }
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      List<Path> deepestFirst = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path path : deepestFirst) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot wipe the state directory " + directory, e);
    }
  }
}
