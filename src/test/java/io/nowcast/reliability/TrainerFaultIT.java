package io.nowcast.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.cli.Nowcast;
import io.nowcast.config.ConfigLoader;
import io.nowcast.config.TrainerConfig;
import io.nowcast.local.EmbeddedKafka;
import io.nowcast.model.SnapshotValidator;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.stream.ForecasterApp;
import io.nowcast.testing.RealSchemaRegistry;
import io.nowcast.train.ProgressListener;
import io.nowcast.trainer.CycleReport;
import io.nowcast.trainer.TrainerFencedException;
import io.nowcast.trainer.TrainerService;
import io.nowcast.trainer.TrainingSettingsMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Test 7: trainer faults. The broker goes away at the start of a cycle and in the middle of one; a
 * trainer in a child JVM is killed with SIGKILL during training, between send and commit, and as
 * soon as its snapshot reaches the broker; a newer trainer fences an older one. Whatever happens, a
 * {@code read_committed} reader of the models topic sees only complete, valid snapshots, the
 * forecaster installs only those (its refused counter stays 0), and a later cycle publishes.
 */
class TrainerFaultIT {

  private static final String INPUT = "fault-readings";
  private static final String MODELS = "fault.models";
  private static final String MODEL = ReliabilityFixtures.MODEL_NAME;
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final int EPOCHS = 12;

  /** Seeds the kill points (the epoch of the first kill); fixed so a failure replays. */
  private static final long SEED = 7;

  /**
   * The version the frozen child sends: far above what the real trainers publish, so a leak would
   * show.
   */
  private static final long ZOMBIE_VERSION = 7;

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String registryUrl;

  @TempDir Path dir;

  @BeforeAll
  static void registry() {
    registryUrl = RealSchemaRegistry.shared().url();
  }

  @Test
  void aBrokerDownWhenACycleStartsIsRetriedWithBackoffAndTheCyclePublishesOnceItIsBack()
      throws Exception {
    int port = freePort();
    EmbeddedKafka kafka = broker(port);
    ListAppender<ILoggingEvent> log = capture("io.nowcast.trainer.BrokerWait");
    try (TrainerService service = service(trainerConfig(port), ProgressListener.NONE)) {
      publishReadings(kafka.bootstrapServers());
      kafka.close();
      CompletableFuture<CycleReport> cycle = CompletableFuture.supplyAsync(() -> runCycle(service));
      Poll.until(
          DEADLINE,
          () -> messages(log).contains("(attempt 2:"),
          () -> "two retries logged: " + messages(log));
      kafka = broker(port);
      CycleReport report = cycle.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

      System.out.println(
          "[trainer-fault] broker down at cycle start:\n" + messages(log) + report.summaryLine());
      assertTrue(
          messages(log).contains("unreachable (attempt 1:")
              && messages(log).contains("retrying in 1 s")
              && messages(log).contains("retrying in 2 s"),
          "backoff 1 s, then 2 s, each attempt logged: " + messages(log));
      assertTrue(report.published(), report.summaryLine());
      assertEquals(List.of(1L), versions(committedModels(kafka.bootstrapServers())));
    } finally {
      kafka.close();
      release(log, "io.nowcast.trainer.BrokerWait");
    }
  }

  @Test
  void aBrokerStoppedMidCycleNeverExposesAPartialModelAndACyclePublishesOnceItIsBack()
      throws Exception {
    int port = freePort();
    AtomicReference<EmbeddedKafka> kafka = new AtomicReference<>(broker(port));
    CountDownLatch stopped = new CountDownLatch(1);
    // Stopped from inside training (epoch 2): the cycle has read its data and will publish while
    // the broker is away.
    ProgressListener stopTheBroker =
        progress -> {
          if (progress.epoch() == 2 && stopped.getCount() > 0) {
            kafka.get().close();
            stopped.countDown();
          }
        };
    try (ForecasterApp app = ForecasterApp.start(forecasterConfig(port));
        TrainerService service = service(trainerConfig(port), stopTheBroker)) {
      publishReadings(kafka.get().bootstrapServers());
      assertTrue(app.awaitRunning(DEADLINE), "forecaster RUNNING");
      CompletableFuture<CycleReport> cycle = CompletableFuture.supplyAsync(() -> runCycle(service));
      assertTrue(
          stopped.await(DEADLINE.toSeconds(), TimeUnit.SECONDS),
          "the broker was stopped mid-cycle");
      kafka.set(broker(port));
      String outcome = firstOrSecondCyclePublishes(cycle, service);
      System.out.println("[trainer-fault] broker stopped mid-cycle: " + outcome);

      List<ModelSnapshot> committed = committedModels(kafka.get().bootstrapServers());
      assertFalse(committed.isEmpty(), outcome);
      assertForecasterServes(app, committed);
    } finally {
      kafka.get().close();
    }
  }

  @Test
  void aTrainerKilledDuringTrainingOrMidPublishExposesOnlyCompleteSnapshots() throws Exception {
    int port = freePort();
    EmbeddedKafka kafka = broker(port);
    Path config = trainerConfig(port);
    try (ForecasterApp app = ForecasterApp.start(forecasterConfig(port))) {
      publishReadings(kafka.bootstrapServers());
      assertTrue(app.awaitRunning(DEADLINE), "forecaster RUNNING");
      int killEpoch = 1 + new Random(SEED).nextInt(EPOCHS - 2);
      try (ChildJvm trainer = trainerChild(config, 1)) {
        trainer.awaitOutput("epoch " + killEpoch + "/", DEADLINE);
        trainer.kill();
      }
      assertEquals(
          List.of(), committedModels(kafka.bootstrapServers()), "killed in epoch " + killEpoch);

      killBetweenSendAndCommit(kafka);
      assertEquals(
          List.of(),
          committedModels(kafka.bootstrapServers()),
          "the open transaction is invisible");

      String atPublish = killAsSoonAsTheSnapshotReachesTheBroker(kafka, config);
      try (ChildJvm trainer = trainerChild(config, 3)) {
        assertEquals(0, trainer.awaitExit(DEADLINE), trainer.output());
        System.out.println(
            "[trainer-fault] kills: epoch "
                + killEpoch
                + "; between send and commit; "
                + atPublish
                + "; then "
                + lastLine(trainer.output()));
      }
      List<ModelSnapshot> committed = committedModels(kafka.bootstrapServers());
      assertFalse(committed.isEmpty(), "a trainer run to the end published");
      assertFalse(
          versions(committed).contains(ZOMBIE_VERSION),
          "the killed transaction's snapshot never committed");
      long[] offsets = modelsOffsets(kafka);
      assertEquals(
          offsets[0],
          offsets[1],
          "no transaction left open on the models topic (high watermark, LSO)");
      assertForecasterServes(app, committed);
    } finally {
      kafka.close();
    }
  }

  @Test
  void aNewerTrainerFencesAnOlderOneSoTheyNeverPublishTheSameVersionTwice() throws Exception {
    int port = freePort();
    EmbeddedKafka kafka = broker(port);
    Path config = trainerConfig(port);
    CountDownLatch older = new CountDownLatch(1);
    CountDownLatch newerRegistered = new CountDownLatch(1);
    // The older trainer is held in training until the newer one has registered: a zombie paused
    // mid-cycle.
    ProgressListener pausedZombie =
        progress -> {
          older.countDown();
          awaitQuietly(newerRegistered);
        };
    try (TrainerService zombie = service(config, pausedZombie);
        TrainerService newer = service(config, ProgressListener.NONE)) {
      publishReadings(kafka.bootstrapServers());
      CompletableFuture<CycleReport> zombieCycle =
          CompletableFuture.supplyAsync(() -> runCycle(zombie));
      assertTrue(
          older.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the older trainer is training");
      CycleReport report = newer.runCycle();
      newerRegistered.countDown();

      ExecutionException failure =
          assertThrows(
              ExecutionException.class,
              () -> zombieCycle.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
      System.out.println("[trainer-fault] fenced: " + failure.getCause().getMessage());
      assertTrue(
          failure.getCause() instanceof TrainerFencedException, failure.getCause().toString());
      assertTrue(report.published(), report.summaryLine());
      assertEquals(
          List.of(1L),
          versions(committedModels(kafka.bootstrapServers())),
          "one version 1, the newer's");
    } finally {
      kafka.close();
    }
  }

  /**
   * SIGTERM while the interval loop waits for its next cycle: the hook stops the loop and holds the
   * JVM until the command has closed its clients (a race here once let the JVM halt first).
   */
  @Test
  void sigtermEndsTheIntervalLoopBetweenCyclesAndClosesTheClients() throws Exception {
    int port = freePort();
    try (EmbeddedKafka kafka = broker(port)) {
      publishReadings(kafka.bootstrapServers());
      Path config = trainerConfig(port);
      Files.writeString(config, "nowcast.trainer.interval=1h\n", StandardOpenOption.APPEND);
      try (ChildJvm trainer =
          ChildJvm.start(
              Nowcast.class,
              List.of("trainer", "--config", config.toString()),
              dir.resolve("trainer-interval.log"))) {
        trainer.awaitOutput("published version 1", DEADLINE);

        trainer.terminate(); // the loop now waits an hour for its next cycle

        int exit = trainer.awaitExit(DEADLINE);
        assertTrue(
            trainer.output().contains("trainer: stopped, closing the Kafka clients"),
            "the shutdown hook stopped the loop (exit "
                + exit
                + "); log "
                + trainer.log()
                + ":\n"
                + trainer.output());
      }
      assertEquals(List.of(1L), versions(committedModels(kafka.bootstrapServers())));
    }
  }

  /**
   * A trainer frozen inside its transaction (the snapshot on the broker, not committed), then
   * SIGKILLed.
   */
  private void killBetweenSendAndCommit(EmbeddedKafka kafka) {
    List<String> args =
        List.of(
            kafka.bootstrapServers(),
            registryUrl,
            MODELS,
            TrainerService.defaultTransactionalId(MODELS, MODEL),
            Long.toString(ZOMBIE_VERSION),
            "99");
    try (ChildJvm zombie =
        ChildJvm.start(OpenTransactionChild.class, args, dir.resolve("open-transaction.log"))) {
      zombie.awaitOutput(OpenTransactionChild.SENT, DEADLINE);
      zombie.kill();
    }
    long[] offsets = modelsOffsets(kafka);
    assertTrue(
        offsets[1] < offsets[0],
        "the killed transaction is still open: LSO "
            + offsets[1]
            + " below the high watermark "
            + offsets[0]);
  }

  /**
   * Starts a trainer and SIGKILLs it the moment the models topic grows by its snapshot (the record
   * appended: before or just after the commit); says which of the two it hit.
   */
  private String killAsSoonAsTheSnapshotReachesTheBroker(EmbeddedKafka kafka, Path config) {
    // The new trainer's registration aborts the frozen transaction first (one marker), then appends
    // its snapshot.
    long before = modelsOffsets(kafka)[0] + 1;
    try (ChildJvm trainer = trainerChild(config, 2)) {
      Poll.until(
          DEADLINE,
          () -> {
            if (!trainer.isAlive()) {
              throw new AssertionError("the trainer ended before publishing:\n" + trainer.output());
            }
            return modelsOffsets(kafka)[0] > before;
          },
          () -> "the trainer's snapshot on the models topic (log " + trainer.log() + ")");
      trainer.kill();
    }
    long[] offsets = modelsOffsets(kafka);
    return offsets[1] < offsets[0]
        ? "mid-publish (transaction open at the kill)"
        : "right after the commit";
  }

  /** The forecaster installs the newest committed version and never refused anything on the way. */
  private static void assertForecasterServes(ForecasterApp app, List<ModelSnapshot> committed) {
    long newest = versions(committed).stream().mapToLong(Long::longValue).max().orElseThrow();
    Poll.until(
        DEADLINE,
        () -> app.models().currentVersion() == newest,
        () ->
            "forecaster serving version " + newest + ", serving " + app.models().currentVersion());
    assertEquals(
        0,
        refusedModels(app),
        "models refused by the forecaster (a partial or foreign snapshot would be)");
  }

  /**
   * Every committed snapshot of the models topic, read once from the beginning; each must validate.
   */
  private static List<ModelSnapshot> committedModels(String bootstrapServers) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    var snapshots =
        NowcastSerdes.specific(
                ModelSnapshot.class, Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false)
            .deserializer();
    List<ModelSnapshot> models = new ArrayList<>();
    TopicPartition partition = new TopicPartition(MODELS, 0);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      Poll.until(
          DEADLINE,
          () -> {
            consumer
                .poll(Duration.ofMillis(100))
                .forEach(r -> models.add(snapshots.deserialize(MODELS, r.value())));
            return consumer.position(partition) >= end;
          },
          () -> MODELS + " read to its last stable offset " + end);
    }
    SnapshotValidator validator = SnapshotValidator.forServing();
    models.forEach(validator::validate);
    return models;
  }

  private static List<Long> versions(List<ModelSnapshot> models) {
    return models.stream().map(ModelSnapshot::getVersion).toList();
  }

  /**
   * {high watermark, last stable offset} of the models topic: they differ while a transaction is
   * open.
   */
  private static long[] modelsOffsets(EmbeddedKafka kafka) {
    TopicPartition partition = new TopicPartition(MODELS, 0);
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      long high =
          admin
              .listOffsets(
                  Map.of(partition, OffsetSpec.latest()),
                  new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
              .all()
              .get()
              .get(partition)
              .offset();
      long stable =
          admin
              .listOffsets(
                  Map.of(partition, OffsetSpec.latest()),
                  new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get()
              .get(partition)
              .offset();
      return new long[] {high, stable};
    } catch (ExecutionException e) {
      throw new IllegalStateException("offsets of " + MODELS + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long refusedModels(ForecasterApp app) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      String metrics = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
      Matcher refused =
          Pattern.compile("(?m)^nowcast_models_refused_total(\\{[^}]*})? ([0-9.eE+]+)$")
              .matcher(metrics);
      assertTrue(refused.find(), "nowcast_models_refused_total in /metrics");
      return Math.round(Double.parseDouble(refused.group(2)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The first cycle's report if it published; otherwise (it failed while the broker was away, or
   * lost) the next cycle's, which must publish. Returns what happened, for the test's output.
   */
  private static String firstOrSecondCyclePublishes(
      CompletableFuture<CycleReport> first, TrainerService service) throws Exception {
    String firstOutcome;
    try {
      CycleReport report = first.get(DEADLINE.toSeconds() * 2, TimeUnit.SECONDS);
      if (report.published()) {
        return "the cycle completed after the broker came back: " + report.summaryLine();
      }
      firstOutcome = report.summaryLine();
    } catch (ExecutionException e) {
      firstOutcome = "failed: " + e.getCause().getMessage();
      assertTrue(
          e.getCause().getMessage().contains("nothing published")
              || e.getCause().getMessage().contains("outcome is unknown"),
          "a clear failure: " + e.getCause());
    }
    CycleReport second = service.runCycle();
    return "the cycle " + firstOutcome + "; the next cycle: " + second.summaryLine();
  }

  private static CycleReport runCycle(TrainerService service) {
    try {
      return service.runCycle();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ChildJvm trainerChild(Path config, int run) {
    return ChildJvm.start(
        Nowcast.class,
        List.of("trainer", "--config", config.toString(), "--once"),
        dir.resolve("trainer-" + run + ".log"));
  }

  private static TrainerService service(Path config, ProgressListener progress) {
    TrainerConfig trainerConfig =
        new TrainerConfig(ConfigLoader.load(config, Map.of()), SerdeConfig.CONFIG_DEF);
    return new TrainerService(
        trainerConfig, TrainingSettingsMapping.from(trainerConfig, 1.0), progress);
  }

  private EmbeddedKafka broker(int port) {
    EmbeddedKafka kafka =
        EmbeddedKafka.builder().port(port).directory(dir.resolve("broker")).start();
    kafka.createTopic(INPUT, 1, Map.of());
    kafka.createCompactedTopic(MODELS, 1);
    kafka.createTopic("fault-forecasts", 1, Map.of());
    kafka.createTopic("fault-accuracy", 1, Map.of());
    kafka.createTopic("fault-dlq", 1, Map.of());
    return kafka;
  }

  /**
   * Two sensors of a fast wave (period 8 minutes): repeat-last-value does badly on it and a small
   * LSTM learns it in a few epochs, so a completed cycle publishes.
   */
  private static void publishReadings(String bootstrapServers) {
    try (KafkaProducer<String, SensorReading> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new StringSerializer(),
            NowcastSerdes.specific(
                    SensorReading.class,
                    Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl),
                    false)
                .serializer())) {
      for (int i = 0; i < 240; i++) {
        Instant at =
            ReliabilityFixtures.SERIES_START.plus(ReliabilityFixtures.INTERVAL.multipliedBy(i));
        for (int s = 0; s < 2; s++) {
          double value = 20 + s + 5 * Math.sin(2 * Math.PI * i / 8.0) + ((i * 37 + s) % 7) / 20.0;
          SensorReading reading =
              new SensorReading(ReliabilityFixtures.sensorId(s), at, value, Map.of());
          producer.send(
              new ProducerRecord<>(INPUT, null, at.toEpochMilli(), reading.getSensorId(), reading));
        }
      }
      producer.flush();
    }
  }

  private Path trainerConfig(int port) throws IOException {
    Path file = dir.resolve("trainer.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "bootstrap.servers=127.0.0.1:" + port,
            "schema.registry.url=" + registryUrl,
            "nowcast.input.topics=" + INPUT,
            "nowcast.models.topic=" + MODELS,
            "nowcast.model.name=" + MODEL,
            "nowcast.trainer.history=365d",
            "nowcast.trainer.broker.timeout=60s",
            "nowcast.model.layers=8",
            "nowcast.model.horizon=3",
            "nowcast.model.features=value",
            "nowcast.model.epochs=" + EPOCHS,
            "nowcast.model.patience=" + EPOCHS,
            "nowcast.model.batch.size=2",
            "nowcast.model.chunk.length=32",
            "nowcast.model.learning.rate=0.01",
            ""));
    return file;
  }

  private Map<String, Object> forecasterConfig(int port) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", "127.0.0.1:" + port);
    config.put(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    config.put("application.id", "trainer-fault-" + UUID.randomUUID());
    config.put("state.dir", dir.resolve("state").toString());
    config.put("nowcast.input.topics", INPUT);
    config.put("nowcast.output.topic", "fault-forecasts");
    config.put("nowcast.accuracy.topic", "fault-accuracy");
    config.put("nowcast.dlq.topic", "fault-dlq");
    config.put("nowcast.models.topic", MODELS);
    config.put("nowcast.model.name", MODEL);
    config.put("nowcast.http.port", "0");
    return config;
  }

  private static ListAppender<ILoggingEvent> capture(String loggerName) {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
    return appender;
  }

  private static void release(ListAppender<ILoggingEvent> appender, String loggerName) {
    ((Logger) LoggerFactory.getLogger(loggerName)).detachAppender(appender);
  }

  private static String messages(ListAppender<ILoggingEvent> appender) {
    StringBuilder text = new StringBuilder();
    List.copyOf(appender.list)
        .forEach(event -> text.append(event.getFormattedMessage()).append('\n'));
    return text.toString();
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1];
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
