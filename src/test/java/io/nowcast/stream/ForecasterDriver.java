package io.nowcast.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.config.ForecasterConfig;
import io.nowcast.engine.KeyState;
import io.nowcast.metrics.NowcastMetrics;
import io.nowcast.model.ModelKey;
import io.nowcast.serde.AvroSerde;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The forecaster's topology in a {@link TopologyTestDriver}, configured like the application
 * ({@link ForecasterApp#streamsProperties}) with a {@code mock://} registry, plus typed access to
 * its topics, stores and meters. The wall clock stands still at {@link #WALL_CLOCK} (ten days after
 * the series start) unless a test moves it.
 */
final class ForecasterDriver implements AutoCloseable {

  static final String INPUT = "sensors";
  static final String FORECASTS = "nowcast.forecasts";
  static final String ACCURACY = "nowcast.accuracy";
  static final String MODELS = "nowcast.models";
  static final String DLQ = "nowcast.dlq";
  static final Instant WALL_CLOCK = StreamFixtures.SERIES_START.plus(Duration.ofDays(10));

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ModelHolder models;
  final TopologyTestDriver driver;
  private final AvroSerde<SensorReading> readings;
  private final AvroSerde<ModelSnapshot> snapshots;
  private final TestInputTopic<String, byte[]> input;
  private final TestInputTopic<String, byte[]> modelsTopic;
  private final TestOutputTopic<String, Forecast> forecasts;
  private final TestOutputTopic<String, AccuracyReport> accuracy;
  private final TestOutputTopic<byte[], byte[]> deadLetters;

  /**
   * @param registryScope the {@code mock://} scope; reuse it to reopen over the same state
   * @param stateDir Kafka Streams' state directory
   * @param overrides configuration keys on top of the test defaults
   */
  ForecasterDriver(String registryScope, Path stateDir, Map<String, String> overrides) {
    Map<String, Object> props = configuration(registryScope, overrides);
    ForecasterConfig config = new ForecasterConfig(props, SerdeConfig.CONFIG_DEF);
    NowcastMetrics metrics = new NowcastMetrics(registry);
    Topics topics = Topics.from(config);
    models = new ModelHolder(config.modelName(), config.intervalLevel(), topics.models(), metrics);
    Properties streamsProps = ForecasterApp.streamsProperties(config, metrics);
    streamsProps.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            new ForecasterTopology(config, topics, models, metrics).build(),
            streamsProps,
            WALL_CLOCK);
    readings = NowcastSerdes.specific(SensorReading.class, props, false);
    snapshots = NowcastSerdes.specific(ModelSnapshot.class, props, false);
    input = driver.createInputTopic(INPUT, new StringSerializer(), new ByteArraySerializer());
    modelsTopic =
        driver.createInputTopic(MODELS, new StringSerializer(), new ByteArraySerializer());
    forecasts =
        driver.createOutputTopic(
            FORECASTS, new StringDeserializer(), topics.forecasts().deserializer());
    accuracy =
        driver.createOutputTopic(
            ACCURACY, new StringDeserializer(), topics.accuracy().deserializer());
    deadLetters =
        driver.createOutputTopic(DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static Map<String, Object> configuration(String registryScope, Map<String, String> overrides) {
    Map<String, Object> props = new HashMap<>();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    props.put(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + registryScope);
    if (!overrides.containsKey(ForecasterConfig.INPUT_PATTERN)) {
      props.put(ForecasterConfig.INPUT_TOPICS, INPUT);
    }
    props.put(ForecasterConfig.MODEL_NAME, StreamFixtures.MODEL_NAME);
    props.put(ForecasterConfig.RING_BUFFER_SIZE, Integer.toString(StreamFixtures.RING));
    props.put(
        ForecasterConfig.ACCURACY_EVERY_EVENTS, Integer.toString(StreamFixtures.ACCURACY_EVERY));
    props.put(ForecasterConfig.INTERVAL_LEVEL, Double.toString(StreamFixtures.LEVEL));
    props.putAll(overrides);
    return props;
  }

  /** Pipes each reading keyed by its sensor id, stamped with its event time. */
  void send(List<SensorReading> series) {
    series.forEach(reading -> send(reading.getSensorId(), reading));
  }

  /** Pipes {@code reading} under {@code key} (null allowed), stamped with its event time. */
  void send(String key, SensorReading reading) {
    sendBytes(key, encode(reading), reading.getTimestamp());
  }

  void sendBytes(String key, byte[] value, Instant timestamp) {
    input.pipeInput(key, value, timestamp);
  }

  /**
   * Pipes each reading to {@code topic} (e.g. one matched by {@code nowcast.input.pattern}), keyed
   * by sensor id.
   */
  void sendTo(String topic, List<SensorReading> series) {
    TestInputTopic<String, byte[]> other =
        driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
    series.forEach(
        reading ->
            other.pipeInput(
                reading.getSensorId(),
                readings.serializer().serialize(topic, reading),
                reading.getTimestamp()));
  }

  byte[] encode(SensorReading reading) {
    return readings.serializer().serialize(INPUT, reading);
  }

  /** Publishes {@code snapshot} under its {@code name@version} key. */
  void publish(ModelSnapshot snapshot) {
    publish(ModelKey.of(snapshot).toString(), encode(snapshot));
  }

  void publish(String key, byte[] value) {
    modelsTopic.pipeInput(key, value, WALL_CLOCK);
  }

  byte[] encode(ModelSnapshot snapshot) {
    return snapshots.serializer().serialize(MODELS, snapshot);
  }

  List<Forecast> forecasts() {
    return forecasts.readValuesToList();
  }

  List<AccuracyReport> reports() {
    return accuracy.readValuesToList();
  }

  TestOutputTopic<byte[], byte[]> deadLetters() {
    return deadLetters;
  }

  KeyValueStore<String, Forecast> latestForecasts() {
    return driver.getKeyValueStore(ForecasterTopology.LATEST_FORECAST_STORE);
  }

  KeyValueStore<String, KeyState> sensorStates() {
    return driver.getKeyValueStore(ForecasterTopology.SENSOR_STATE_STORE);
  }

  double counter(String name) {
    return registry.get(name).counter().count();
  }

  double skipped(String reason) {
    return registry.get("nowcast.records.skipped").tag("reason", reason).counter().count();
  }

  double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  @Override
  public void close() {
    driver.close();
    readings.close();
    snapshots.close();
  }
}
