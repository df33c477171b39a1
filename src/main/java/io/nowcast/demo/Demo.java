package io.nowcast.demo;

import io.nowcast.avro.SensorReading;
import io.nowcast.config.ForecasterConfig;
import io.nowcast.config.TrainerConfig;
import io.nowcast.local.EmbeddedKafka;
import io.nowcast.local.TopicSink;
import io.nowcast.serde.InMemorySchemaRegistry;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.stream.ForecasterApp;
import io.nowcast.web.dashboard.DashboardFeed;
import io.nowcast.web.dashboard.DashboardServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything of Nowcast in this JVM: embedded broker, in-memory registry, replay of the bundled
 * sensors, trainer, forecaster, and the dashboard on the forecaster's HTTP port.
 *
 * <pre>{@code
 * try (Demo demo = Demo.start(DemoSettings.of(8080, DemoSettings.DEFAULT_SPEED))) {
 *   System.out.println("Nowcast demo: " + demo.url());
 *   DemoStatus status = demo.status();   // readings sent, forecasts, model version, accuracy
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops the pieces in reverse order of start and deletes the broker's and Kafka
 * Streams' directories, so a second run starts from nothing.
 */
public final class Demo implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

  /** Topic the bundled series are replayed onto. */
  public static final String INPUT_TOPIC = "demo.sensors";

  /** Name of the model the trainer publishes and the forecaster serves. */
  public static final String MODEL_NAME = "demo";

  static final String MODELS_TOPIC = "nowcast.models";
  static final String FORECASTS_TOPIC = "nowcast.forecasts";
  static final String ACCURACY_TOPIC = "nowcast.accuracy";
  static final String DLQ_TOPIC = "nowcast.dlq";

  /** Scored readings per sensor between two accuracy reports: often enough for a live figure. */
  static final int ACCURACY_EVERY_EVENTS = 50;

  /** How often the installed model version is checked for the dashboard. */
  static final Duration MODEL_WATCH = Duration.ofMillis(250);

  /** Time each background thread gets to finish once told to stop. */
  static final Duration THREAD_STOP = Duration.ofSeconds(10);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final AtomicLong readingsSent = new AtomicLong();
  private final CountDownLatch stop = new CountDownLatch(1);
  private String host;
  private ForecasterApp forecaster;
  private OutputBridge bridge;

  private Demo() {}

  /**
   * Starts every piece and returns once the HTTP port is bound (forecasts follow within seconds,
   * the first model within about half a minute).
   *
   * @throws IllegalStateException naming the port when it cannot be bound; nothing is left running
   */
  public static Demo start(DemoSettings settings) {
    Demo demo = new Demo();
    try {
      demo.startAll(settings);
      return demo;
    } catch (RuntimeException e) {
      demo.close();
      throw e;
    }
  }

  private void startAll(DemoSettings settings) {
    host = settings.host();
    Path root = createTempDirectory();
    started.push(() -> deleteRecursively(root));
    // The replayed readings are stamped 2013-14: without this the broker would delete them as
    // expired.
    EmbeddedKafka kafka = EmbeddedKafka.builder().brokerConfig("log.retention.ms", "-1").start();
    started.push(kafka);
    createTopics(kafka);
    String scope = "nowcast-demo-" + UUID.randomUUID();
    started.push(() -> InMemorySchemaRegistry.dropScope(scope));
    Map<String, Object> registry = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    DashboardFeed feed =
        startForecaster(settings, kafka.bootstrapServers(), registry, root.resolve("streams"));
    startBridge(kafka.bootstrapServers(), registry, feed);
    CountDownLatch preloaded = new CountDownLatch(DemoSeries.BUNDLED.size());
    startReplays(settings, kafka.bootstrapServers(), registry, preloaded);
    startTrainer(settings, kafka.bootstrapServers(), registry, preloaded);
    startModelWatch(feed);
  }

  private static void createTopics(EmbeddedKafka kafka) {
    kafka.createTopic(INPUT_TOPIC, 2, Map.of());
    kafka.createCompactedTopic(MODELS_TOPIC, 1);
    // One partition each: the bridge reads partition 0 of both.
    kafka.createTopic(FORECASTS_TOPIC, 1, Map.of());
    kafka.createTopic(ACCURACY_TOPIC, 1, Map.of());
    kafka.createTopic(DLQ_TOPIC, 1, Map.of());
  }

  private DashboardFeed startForecaster(
      DemoSettings settings, String bootstrap, Map<String, Object> registry, Path stateDir) {
    DashboardFeed feed = new DashboardFeed();
    Map<String, Object> props = new HashMap<>(registry);
    props.put("bootstrap.servers", bootstrap);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "nowcast-demo");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // A demo shows forecasts; it does not need transactions (and their commit latency) on two
    // cores.
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
    props.put(TrainerConfig.INPUT_TOPICS, INPUT_TOPIC);
    props.put(TrainerConfig.MODEL_NAME, MODEL_NAME);
    props.put(ForecasterConfig.HTTP_HOST, settings.host());
    props.put(ForecasterConfig.HTTP_PORT, Integer.toString(settings.port()));
    props.put(ForecasterConfig.ACCURACY_EVERY_EVENTS, Integer.toString(ACCURACY_EVERY_EVENTS));
    // Replayed laps are shifted forward in time; never dead-letter them as "future".
    props.put(ForecasterConfig.TIMESTAMP_MAX_FUTURE, "0");
    try {
      forecaster = ForecasterApp.start(props, builder -> DashboardServer.mount(builder, feed));
    } catch (RuntimeException e) {
      feed.close();
      throw e;
    }
    started.push(forecaster);
    // The feed stops before the HTTP server so open pages end cleanly.
    started.push(feed);
    return feed;
  }

  private void startBridge(String bootstrap, Map<String, Object> registry, DashboardFeed feed) {
    bridge = new OutputBridge(bootstrap, registry, FORECASTS_TOPIC, ACCURACY_TOPIC, feed);
    Thread thread = daemon("nowcast-demo-bridge", bridge);
    started.push(
        () -> {
          bridge.stop();
          thread.join(THREAD_STOP.toMillis());
        });
  }

  private void startReplays(
      DemoSettings settings,
      String bootstrap,
      Map<String, Object> registry,
      CountDownLatch preloaded) {
    KafkaProducer<String, SensorReading> producer =
        new KafkaProducer<>(
            producerProperties(bootstrap),
            new StringSerializer(),
            NowcastSerdes.specific(SensorReading.class, registry, false).serializer());
    started.push(() -> producer.close(Duration.ofSeconds(5)));
    TopicSink sink = new TopicSink(producer, INPUT_TOPIC);
    for (DemoSeries series : DemoSeries.BUNDLED) {
      Runnable whenPreloaded =
          () -> {
            sink.flush();
            preloaded.countDown();
          };
      Thread thread =
          daemon(
              "nowcast-demo-replay-" + series.sensorId(),
              quietly(
                  new SensorReplay(
                      series,
                      DemoSettings.PRELOAD_ROWS,
                      settings.speed(),
                      sink,
                      whenPreloaded,
                      readingsSent)));
      started.push(() -> stopThread(thread));
    }
  }

  private static Properties producerProperties(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    return props;
  }

  private void startTrainer(
      DemoSettings settings,
      String bootstrap,
      Map<String, Object> registry,
      CountDownLatch preloaded) {
    TrainerConfig config =
        DemoTrainer.config(
            bootstrap,
            registry.get(SerdeConfig.SCHEMA_REGISTRY_URL).toString(),
            INPUT_TOPIC,
            MODEL_NAME);
    DemoTrainer trainer =
        new DemoTrainer(config, settings.trainerInterval(), preloaded, stop, report -> {});
    Thread thread = daemon("nowcast-demo-trainer", trainer);
    started.push(
        () -> {
          stop.countDown();
          thread.join(THREAD_STOP.toMillis());
        });
  }

  private void startModelWatch(DashboardFeed feed) {
    Runnable watch =
        () -> {
          long shown = 0;
          try {
            while (!stop.await(MODEL_WATCH.toMillis(), TimeUnit.MILLISECONDS)) {
              long installed = forecaster.models().currentVersion();
              if (installed > shown) {
                feed.onModelInstalled(MODEL_NAME, installed, Instant.now());
                shown = installed;
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    Thread thread = daemon("nowcast-demo-model-watch", watch);
    started.push(
        () -> {
          stop.countDown();
          stopThread(thread);
        });
  }

  /**
   * Replay threads end by interruption, which {@code Replay} reports as an exception: not an error
   * here.
   */
  private Runnable quietly(Runnable replay) {
    return () -> {
      try {
        replay.run();
      } catch (RuntimeException e) {
        if (stop.getCount() > 0 && !Thread.currentThread().isInterrupted()) {
          LOG.error("replay stopped", e);
        }
      }
    };
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void stopThread(Thread thread) throws InterruptedException {
    thread.interrupt();
    thread.join(THREAD_STOP.toMillis());
  }

  /** The dashboard's address, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    return "http://" + host + ":" + httpPort();
  }

  /** The bound HTTP port (the actual one when the settings asked for 0). */
  public int httpPort() {
    return forecaster.httpPort();
  }

  /** A snapshot of the figures the terminal summary shows. */
  public DemoStatus status() {
    return new DemoStatus(
        Instant.now(),
        readingsSent.get(),
        bridge.forecastCount(),
        forecaster.models().currentVersion(),
        bridge.latestAccuracy());
  }

  /**
   * Stops everything in reverse order of start and deletes the temporary directories; idempotent.
   */
  @Override
  public void close() {
    stop.countDown();
    while (!started.isEmpty()) {
      AutoCloseable piece = started.pop();
      try {
        piece.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warn("demo: stopping a piece failed: {}", e.toString());
      }
    }
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("nowcast-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the demo's temporary directory", e);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
