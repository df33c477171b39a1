package io.nowcast.stream;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nowcast.config.ForecasterConfig;
import io.nowcast.metrics.NowcastMetrics;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.stream.errors.DeadLetterConfig;
import io.nowcast.stream.errors.DeadLetterDeserializationHandler;
import io.nowcast.stream.errors.DeadLetterProcessingHandler;
import io.nowcast.stream.errors.OutputSerializationFailureHandler;
import io.nowcast.web.NowcastHttpServer;
import io.nowcast.web.RemoteSensorClient;
import io.nowcast.web.StreamsSensorDirectory;
import io.nowcast.web.StreamsSensorOwnership;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forecaster process: configuration, metrics, the HTTP server, the topology and its Kafka
 * Streams client, started in that order and closed in reverse by {@link #close()}.
 *
 * <p>Configuration is validated before anything starts ({@link ForecasterConfig}, the dead-letter
 * settings, Kafka Streams' own keys), so a bad value fails {@link #start} with a {@code
 * ConfigException} naming the key and leaves nothing running. The output topics' schemas are then
 * registered before Kafka Streams starts, so an unusable registry fails the start, not the first
 * forecast.
 */
public final class ForecasterApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ForecasterApp.class);

  /**
   * Host advertised to other instances unless {@code application.server} says otherwise (the bind
   * host is {@code nowcast.http.host}).
   */
  static final String DEFAULT_HOST = "127.0.0.1";

  /** Isolation level of the global (models) consumer. */
  static final String READ_COMMITTED = "read_committed";

  /** Time {@link #close()} gives Kafka Streams to commit and leave the group. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /** Time a request forwarded to the instance owning a sensor may take. */
  static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(2);

  private final NowcastHttpServer http;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final ModelHolder models;
  private final CountDownLatch running;
  private final CountDownLatch stopped;

  private ForecasterApp(
      NowcastHttpServer http,
      KafkaStreams streams,
      KafkaStreamsMetrics streamsMetrics,
      ModelHolder models,
      CountDownLatch running,
      CountDownLatch stopped) {
    this.http = http;
    this.streams = streams;
    this.streamsMetrics = streamsMetrics;
    this.models = models;
    this.running = running;
    this.stopped = stopped;
  }

  /**
   * Validates {@code properties} (file and environment merged), then starts the HTTP endpoints and
   * Kafka Streams.
   *
   * @throws org.apache.kafka.common.config.ConfigException naming the key of a bad value
   * @throws IllegalStateException if the output schemas cannot be registered (registry unreachable
   *     or refusing them), or the HTTP port cannot be bound
   */
  public static ForecasterApp start(Map<String, ?> properties) {
    return start(properties, UnaryOperator.identity());
  }

  /**
   * As {@link #start(Map)}, with more routes on the same HTTP server: {@code extraRoutes} gets the
   * forecaster's builder (host, port, metrics and readiness set) before it is built. {@code nowcast
   * demo} mounts the dashboard this way, so the user sees one port.
   */
  public static ForecasterApp start(
      Map<String, ?> properties, UnaryOperator<NowcastHttpServer.Builder> extraRoutes) {
    ForecasterConfig config = new ForecasterConfig(properties, SerdeConfig.CONFIG_DEF);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    NowcastMetrics metrics = new NowcastMetrics(registry);
    Properties streamsProps = streamsProperties(config, metrics);
    DeadLetterConfig.from(streamsProps);
    new StreamsConfig(
        streamsProps); // fails now, naming the key, rather than after the HTTP server started
    Topics topics = Topics.from(config);
    topics.prepareOutputSchemas();
    ModelHolder models =
        new ModelHolder(config.modelName(), config.intervalLevel(), topics.models(), metrics);
    Topology topology = new ForecasterTopology(config, topics, models, metrics).build();
    AtomicReference<KafkaStreams> streamsRef = new AtomicReference<>();
    NowcastHttpServer http = startHttp(config, registry, streamsRef, extraRoutes);
    try {
      return startStreams(topology, streamsProps, http, streamsRef, metrics, models);
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
  }

  private static ForecasterApp startStreams(
      Topology topology,
      Properties props,
      NowcastHttpServer http,
      AtomicReference<KafkaStreams> streamsRef,
      NowcastMetrics metrics,
      ModelHolder models) {
    HostInfo self = advertised(props, http.port());
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    KafkaStreams streams = new KafkaStreams(topology, props);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    streams.setStateListener(
        (now, before) -> {
          LOG.info("Kafka Streams {} -> {}", before, now);
          if (now == KafkaStreams.State.RUNNING) {
            running.countDown();
          }
          if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
            stopped.countDown();
          }
        });
    // A stream thread that dies (e.g. a fatal producer error under exactly-once) is replaced: its
    // tasks resume from the last committed transaction, so nothing is lost or duplicated, and the
    // application keeps RUNNING instead of going to ERROR.
    streams.setUncaughtExceptionHandler(
        error -> {
          LOG.error(
              "Stream thread failed; replacing it (tasks resume from the last commit)", error);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streamsRef.set(streams);
    KafkaStreamsMetrics binder = metrics.bindKafkaStreams(streams);
    http.sensorDirectory(
        new StreamsSensorDirectory(
            self,
            new StreamsSensorOwnership(
                streams, ForecasterTopology.LATEST_FORECAST_STORE, new StringSerializer()),
            LatestForecasts.of(streams),
            new RemoteSensorClient(FORWARD_TIMEOUT)));
    streams.start();
    return new ForecasterApp(http, streams, binder, models, running, stopped);
  }

  /**
   * The Kafka Streams properties of {@code config}: every pass-through key, with the forecaster's
   * defaults ({@code application.id} {@value ForecasterConfig#DEFAULT_APPLICATION_ID}, {@code
   * processing.guarantee} {@code exactly_once_v2}) where the file sets none, the models topic read
   * {@code read_committed} whatever the guarantee, the dead-letter handlers wired to {@code
   * nowcast.dlq.topic} and {@code metrics}, and the production handler that fails the task when an
   * output cannot be serialised.
   */
  public static Properties streamsProperties(ForecasterConfig config, NowcastMetrics metrics) {
    Properties props = new Properties();
    props.putAll(config.kafkaProperties());
    props.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // The trainer publishes in transactions: a snapshot of a trainer killed before its commit must
    // never be installed, also under at_least_once (where Streams would read uncommitted).
    props.putIfAbsent(
        StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), READ_COMMITTED);
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationHandler.class);
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
    // An output that cannot be serialised (registry down) fails the task for a retry, never
    // dead-letters the input.
    props.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        OutputSerializationFailureHandler.class);
    // The constant is deprecated in 4.4 only because 5.0 makes true the default.
    props.put("processing.exception.handler.global.enabled", "true");
    props.put(DeadLetterConfig.TOPIC_CONFIG, config.dlqTopic());
    props.put(DeadLetterConfig.METRICS_CONFIG, metrics);
    return props;
  }

  private static NowcastHttpServer startHttp(
      ForecasterConfig config,
      PrometheusMeterRegistry registry,
      AtomicReference<KafkaStreams> streamsRef,
      UnaryOperator<NowcastHttpServer.Builder> extraRoutes) {
    NowcastHttpServer server = extraRoutes.apply(httpBuilder(config, registry, streamsRef)).build();
    try {
      return server.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot serve HTTP on "
              + config.httpHost()
              + ":"
              + config.httpPort()
              + " ("
              + ForecasterConfig.HTTP_HOST
              + ", "
              + ForecasterConfig.HTTP_PORT
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private static NowcastHttpServer.Builder httpBuilder(
      ForecasterConfig config,
      PrometheusMeterRegistry registry,
      AtomicReference<KafkaStreams> streamsRef) {
    return NowcastHttpServer.builder()
        .host(config.httpHost())
        .port(config.httpPort())
        .metrics(registry)
        .readiness(
            () ->
                streamsRef.get() != null && streamsRef.get().state() == KafkaStreams.State.RUNNING,
            () ->
                "Kafka Streams state is "
                    + (streamsRef.get() == null ? "NOT_CREATED" : streamsRef.get().state()));
  }

  /** The configured {@code application.server}, or this host and the bound HTTP port. */
  private static HostInfo advertised(Properties props, int httpPort) {
    Object configured = props.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    return configured == null || configured.toString().isBlank()
        ? new HostInfo(DEFAULT_HOST, httpPort)
        : HostInfo.buildFromEndpoint(configured.toString());
  }

  /** The port the HTTP endpoints listen on. */
  public int httpPort() {
    return http.port();
  }

  /** The Kafka Streams client (for its state and metadata). */
  public KafkaStreams streams() {
    return streams;
  }

  /** The model holder (installed model and version). */
  public ModelHolder models() {
    return models;
  }

  /** Blocks until Kafka Streams first reached RUNNING or {@code timeout} passed; true if it did. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Blocks until Kafka Streams stopped (closed, or failed); returns its final state. */
  public KafkaStreams.State awaitStopped() throws InterruptedException {
    stopped.await();
    return streams.state();
  }

  /**
   * Stops Kafka Streams (committing, and leaving the consumer group so that the partitions move to
   * the other instances now rather than after {@code session.timeout.ms}), then the metrics binding
   * and the HTTP server.
   */
  @Override
  public void close() {
    streams.close(
        CloseOptions.timeout(CLOSE_TIMEOUT)
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    streamsMetrics.close();
    http.close();
  }
}
