package io.nowcast.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.bench.BenchWorkload.Sample;
import io.nowcast.config.ForecasterConfig;
import io.nowcast.engine.EngineSettings;
import io.nowcast.local.EmbeddedKafka;
import io.nowcast.metrics.NowcastMetrics;
import io.nowcast.model.ModelKey;
import io.nowcast.serde.AvroSerde;
import io.nowcast.serde.InMemorySchemaRegistry;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.stream.ForecasterApp;
import io.nowcast.stream.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * One bench run on a fresh embedded broker: publish the model, preload the readings, measure the
 * pass-through, then the forecaster and its latency at a fixed rate, then the pass-through again
 * (each run with a fresh {@code application.id} and state directory). The pass-through figure is
 * the mean of the runs before and after, so warm-up and a load that drifts during the run (other
 * processes on the machine) weigh on both sides alike. Progress goes to the given writer (stderr).
 */
public final class EndToEndBench {

  private static final String INPUT = "bench.readings";
  private static final String MODELS = "bench.models";
  private static final String FORECASTS = "bench.forecasts";

  /** Output topics of the two pass-through runs: this, then -1 and -2. */
  private static final String PASS_THROUGH_PREFIX = "bench.passthrough";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** The slowest throughput a run may show before it is declared stuck. */
  private static final double SLOWEST_EPS = 500;

  private final BenchSettings settings;
  private final PrintWriter progress;
  private final String registryScope = "bench-" + UUID.randomUUID();

  public EndToEndBench(BenchSettings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Runs the whole bench; the broker, registry scope and state directories are gone afterwards. */
  public BenchResult run() throws InterruptedException {
    Path stateRoot = temporaryDirectory();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      createTopics(kafka);
      return measure(kafka, stateRoot);
    } finally {
      InMemorySchemaRegistry.dropScope(registryScope);
      deleteRecursively(stateRoot);
    }
  }

  private BenchResult measure(EmbeddedKafka kafka, Path stateRoot) throws InterruptedException {
    Map<String, Object> base = baseConfig(kafka);
    ForecasterConfig probe = new ForecasterConfig(base, SerdeConfig.CONFIG_DEF);
    EngineSettings engine =
        new EngineSettings(
            probe.ringBufferSize(),
            probe.accuracyEveryEvents(),
            probe.fallbackPersistence(),
            probe.intervalLevel());
    BenchWorkload workload = new BenchWorkload(engine);
    Sample sample = workload.sample(settings.readingsPerKey());
    int forecastBytes = serializedSize(base, sample);
    progress.printf(
        Locale.ROOT,
        "state blob %d bytes, forecast record %d bytes%n",
        sample.stateBytes(),
        forecastBytes);
    publishModel(base, workload.snapshot());
    preload(base);
    double before =
        passThrough(
            withFreshApp(base, stateRoot, "passthrough"), sample, PASS_THROUGH_PREFIX + "-1");
    progress.printf(Locale.ROOT, "pass-through (before): %.0f events/s%n", before);
    Map<String, Object> forecasterConfig = withFreshApp(base, stateRoot, "forecaster");
    ForecasterFigures forecaster = forecaster(kafka, forecasterConfig);
    double after =
        passThrough(
            withFreshApp(base, stateRoot, "passthrough"), sample, PASS_THROUGH_PREFIX + "-2");
    double passThrough = (before + after) / 2;
    progress.printf(
        Locale.ROOT,
        "pass-through (after): %.0f events/s; mean %.0f, ratio %.3f%n",
        after,
        passThrough,
        forecaster.eps() / passThrough);
    return new BenchResult(
        passThrough,
        forecaster.eps(),
        forecaster.latency().percentile(50),
        forecaster.latency().percentile(99),
        forecaster.rate(),
        settings.events(),
        settings.keys(),
        settings.partitions(),
        sample.stateBytes(),
        forecastBytes,
        commitIntervalMs(forecasterConfig));
  }

  /** The forecaster's throughput, then its latency at the fixed rate while it still runs. */
  private ForecasterFigures forecaster(EmbeddedKafka kafka, Map<String, Object> config)
      throws InterruptedException {
    try (ForecasterApp app = startForecaster(config)) {
      double eps = timedRun(kafka.bootstrapServers(), FORECASTS, System.nanoTime());
      progress.printf(Locale.ROOT, "forecaster: %.0f events/s%n", eps);
      double rate = settings.rate() > 0 ? settings.rate() : eps / 2;
      return new ForecasterFigures(eps, rate, latency(kafka, config, rate));
    }
  }

  private record ForecasterFigures(double eps, double rate, LatencyHistogram latency) {}

  private static long commitIntervalMs(Map<String, Object> config) {
    Properties props =
        ForecasterApp.streamsProperties(
            new ForecasterConfig(config, SerdeConfig.CONFIG_DEF), metrics());
    return new StreamsConfig(props).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
  }

  private Map<String, Object> baseConfig(EmbeddedKafka kafka) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + registryScope);
    config.put("nowcast.input.topics", INPUT);
    config.put("nowcast.models.topic", MODELS);
    config.put("nowcast.output.topic", FORECASTS);
    config.put("nowcast.accuracy.topic", "bench.accuracy");
    config.put("nowcast.dlq.topic", "bench.dlq");
    config.put("nowcast.model.name", BenchWorkload.MODEL_NAME);
    config.put("nowcast.http.port", "0");
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(settings.streamThreads()));
    return config;
  }

  private static Map<String, Object> withFreshApp(
      Map<String, Object> base, Path stateRoot, String name) {
    Map<String, Object> config = new HashMap<>(base);
    String id = "bench-" + name + "-" + UUID.randomUUID();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, id);
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(id).toString());
    return config;
  }

  private void createTopics(EmbeddedKafka kafka) {
    kafka.createTopic(INPUT, settings.partitions(), Map.of());
    kafka.createCompactedTopic(MODELS, 1);
    kafka.createTopic(FORECASTS, settings.partitions(), Map.of());
    kafka.createTopic(PASS_THROUGH_PREFIX + "-1", settings.partitions(), Map.of());
    kafka.createTopic(PASS_THROUGH_PREFIX + "-2", settings.partitions(), Map.of());
    kafka.createTopic("bench.accuracy", 1, Map.of());
    kafka.createTopic("bench.dlq", 1, Map.of());
  }

  private static int serializedSize(Map<String, Object> config, Sample sample) {
    try (AvroSerde<Forecast> serde = NowcastSerdes.specific(Forecast.class, config, false)) {
      return serde.serializer().serialize(FORECASTS, sample.forecast()).length;
    }
  }

  private void publishModel(Map<String, Object> config, ModelSnapshot snapshot) {
    try (AvroSerde<ModelSnapshot> models =
            NowcastSerdes.specific(ModelSnapshot.class, config, false);
        KafkaProducer<String, byte[]> producer = producer(config)) {
      producer.send(
          new ProducerRecord<>(
              MODELS,
              ModelKey.of(snapshot).toString(),
              models.serializer().serialize(MODELS, snapshot)));
    }
  }

  /** Every key's readings, one a second, ending an hour ago; keys interleaved round robin. */
  private void preload(Map<String, Object> config) {
    long perKey = settings.readingsPerKey();
    long firstMillis =
        System.currentTimeMillis()
            - Duration.ofHours(1).toMillis()
            - perKey * BenchWorkload.INTERVAL_MS;
    SplittableRandom noise = new SplittableRandom(1);
    long started = System.nanoTime();
    try (AvroSerde<SensorReading> readings =
            NowcastSerdes.specific(SensorReading.class, config, false);
        KafkaProducer<String, byte[]> producer = producer(config)) {
      for (int i = 0; i < settings.events(); i++) {
        int key = i % settings.keys();
        long step = i / settings.keys();
        long at = firstMillis + step * BenchWorkload.INTERVAL_MS;
        SensorReading reading = BenchWorkload.reading(key, step, Instant.ofEpochMilli(at), noise);
        producer.send(
            new ProducerRecord<>(
                INPUT,
                null,
                at,
                reading.getSensorId(),
                readings.serializer().serialize(INPUT, reading)));
      }
    }
    progress.printf(
        Locale.ROOT,
        "preloaded %d readings in %.1f s%n",
        settings.events(),
        (System.nanoTime() - started) / 1e9);
  }

  private static KafkaProducer<String, byte[]> producer(Map<String, Object> config) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("bootstrap.servers"));
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  private double passThrough(Map<String, Object> config, Sample sample, String outputTopic)
      throws InterruptedException {
    ForecasterConfig forecasterConfig = new ForecasterConfig(config, SerdeConfig.CONFIG_DEF);
    Topics topics = Topics.from(forecasterConfig);
    Topics redirected =
        new Topics(
            topics.inputTopics(),
            topics.inputPattern(),
            topics.readings(),
            outputTopic,
            topics.forecasts(),
            topics.accuracyTopic(),
            topics.accuracy(),
            topics.modelsTopic(),
            topics.models(),
            topics.rekeyed());
    Topology topology =
        new PassThroughTopology(redirected, sample.stateBytes(), sample.forecast()).build();
    Properties props = ForecasterApp.streamsProperties(forecasterConfig, metrics());
    try (KafkaStreams streams = new KafkaStreams(topology, props)) {
      CountDownLatch running = new CountDownLatch(1);
      streams.setStateListener(
          (now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
              running.countDown();
            }
          });
      streams.start();
      awaitRunning(running, "pass-through");
      return timedRun((String) config.get("bootstrap.servers"), outputTopic, System.nanoTime());
    }
  }

  private ForecasterApp startForecaster(Map<String, Object> config) throws InterruptedException {
    ForecasterApp app = ForecasterApp.start(config);
    if (!app.awaitRunning(START_TIMEOUT)) {
      app.close();
      throw new IllegalStateException(
          "the forecaster did not reach RUNNING within " + START_TIMEOUT);
    }
    if (app.models().currentVersion() != 1) {
      app.close();
      throw new IllegalStateException(
          "model "
              + new ModelKey(BenchWorkload.MODEL_NAME, 1)
              + " was not installed when the "
              + "forecaster started (installed version "
              + app.models().currentVersion()
              + ")");
    }
    return app;
  }

  /** Throughput of the topology writing {@code topic}, counted by a read_committed consumer. */
  private double timedRun(String bootstrapServers, String topic, long clockStart) {
    Duration deadline = Duration.ofSeconds(60 + (long) (settings.events() / SLOWEST_EPS));
    try (CommittedOutput output =
        new CommittedOutput(bootstrapServers, topic, settings.partitions(), false)) {
      return output.throughput(settings.events(), settings.warmup(), clockStart, deadline);
    }
  }

  private LatencyHistogram latency(EmbeddedKafka kafka, Map<String, Object> config, double rate) {
    progress.printf(
        Locale.ROOT,
        "latency: %.0f events/s for %d s%n",
        rate,
        settings.latencyDuration().toSeconds());
    LatencyProbe probe = new LatencyProbe(kafka.bootstrapServers(), INPUT, FORECASTS, settings);
    try (AvroSerde<SensorReading> readings =
        NowcastSerdes.specific(SensorReading.class, config, false)) {
      return probe.run(rate, readings.serializer());
    }
  }

  private static void awaitRunning(CountDownLatch running, String what)
      throws InterruptedException {
    if (!running.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "the " + what + " did not reach RUNNING within " + START_TIMEOUT);
    }
  }

  private static NowcastMetrics metrics() {
    return new NowcastMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("nowcast-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a state directory for the bench", e);
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
