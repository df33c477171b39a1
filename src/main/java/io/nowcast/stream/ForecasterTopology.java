package io.nowcast.stream;

import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.SensorReading;
import io.nowcast.config.ForecasterConfig;
import io.nowcast.engine.EngineSettings;
import io.nowcast.engine.KeyStateCodec;
import io.nowcast.metrics.NowcastMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the forecaster's Kafka Streams topology (drawn in {@code docs/forecaster.md}):
 *
 * <pre>
 * input topics ─► split by key ─┬ key = sensor id ─► check ──────────────────────────┐
 *                               └ any other key ───► check ─► repartition "rekeyed" ─┴─► forecast ─┬─► forecasts topic
 *                                                                                        │          └─► accuracy topic
 *                                          sensor-state and latest-forecast stores ◄─────┤
 * models topic ─► global store "nowcast-models" ─► ModelHolder ─── read per event ───────┘
 * </pre>
 *
 * <p><b>Re-keying only when needed.</b> Records already keyed by their sensor id (the usual case:
 * our {@code replay}, most producers) go straight to the forecasting processor; only the others
 * (null keys, keys of another kind) pass through the internal repartition topic {@code
 * <application.id>-rekeyed-repartition}, which costs a produce and a consume per record. Both paths
 * meet in one task per partition number, so a sensor whose records arrive by both paths lands on
 * the same task as long as the producer used Kafka's default partitioner over the sensor id and the
 * input topics have as many partitions as the repartition topic (the most of any input).
 */
public final class ForecasterTopology {

  /**
   * Per-sensor state: RocksDB, changelogged; value = a {@code KeyStateCodec} blob ({@link
   * KeyStateSerde}).
   */
  public static final String SENSOR_STATE_STORE = "nowcast-sensor-state";

  /** Latest Forecast per sensor, for {@code GET /api/sensors/{id}}: RocksDB, changelogged. */
  public static final String LATEST_FORECAST_STORE = "nowcast-latest-forecasts";

  /**
   * Global store mirroring the models topic byte for byte (RocksDB, no changelog: the topic is its
   * log).
   */
  public static final String MODELS_STORE = "nowcast-models";

  /** Name of the internal re-keying topic, {@code <application.id>-rekeyed-repartition}. */
  public static final String REKEY_TOPIC_NAME = "rekeyed";

  private static final String KEYED = "keyed-";
  private static final String BY_SENSOR = "by-sensor";
  private static final String OTHER = "other";

  private final Topics topics;
  private final EngineSettings engineSettings;
  private final KeyStateCodec stateCodec;
  private final ReadingLimits limits;
  private final boolean deadLetterLateEvents;
  private final ModelHolder models;
  private final NowcastMetrics metrics;

  /**
   * @param config engine settings, input limits and the out-of-order policy
   * @param topics topic names and serdes
   * @param models the model holder the processors read and the global store fills
   * @param metrics where events are counted
   */
  public ForecasterTopology(
      ForecasterConfig config, Topics topics, ModelHolder models, NowcastMetrics metrics) {
    this.topics = topics;
    this.engineSettings =
        new EngineSettings(
            config.ringBufferSize(),
            config.accuracyEveryEvents(),
            config.fallbackPersistence(),
            config.intervalLevel());
    this.stateCodec = KeyStateCodec.writing(config.stateFormatWrite());
    this.limits = ReadingLimits.from(config);
    this.deadLetterLateEvents =
        config.outOfOrderPolicy() == ForecasterConfig.OutOfOrderPolicy.DEAD_LETTER;
    this.models = models;
    this.metrics = metrics;
  }

  /** A fresh topology; every call builds new processors around the same holder and metrics. */
  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    addStores(builder);
    KStream<String, SpecificRecord> outputs =
        readings(builder)
            .process(
                () -> new ForecastProcessor(engineSettings, models, metrics, deadLetterLateEvents),
                Named.as("forecast"),
                SENSOR_STATE_STORE,
                LATEST_FORECAST_STORE);
    routeOutputs(outputs);
    return builder.build();
  }

  private void addStores(StreamsBuilder builder) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SENSOR_STATE_STORE),
            Serdes.String(),
            KeyStateSerde.writing(stateCodec)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(LATEST_FORECAST_STORE),
            Serdes.String(),
            LatestForecastSerde.create()));
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MODELS_STORE), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled(),
        topics.modelsTopic(),
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("models"),
        () -> new ModelInstaller(models, MODELS_STORE, topics.modelsTopic()));
  }

  /**
   * The checked readings keyed by sensor id, re-keyed through the repartition topic only when
   * needed.
   */
  private KStream<String, SensorReading> readings(StreamsBuilder builder) {
    Map<String, KStream<byte[], SensorReading>> byKey =
        input(builder)
            .split(Named.as(KEYED))
            .branch(ForecasterTopology::keyedBySensorId, Branched.as(BY_SENSOR))
            .defaultBranch(Branched.as(OTHER));
    KStream<String, SensorReading> direct =
        byKey
            .get(KEYED + BY_SENSOR)
            .process(() -> new ReadingGate(limits, metrics), Named.as("check-keyed"));
    KStream<String, SensorReading> rekeyed =
        byKey
            .get(KEYED + OTHER)
            .process(() -> new ReadingGate(limits, metrics), Named.as("check-rekeyed"))
            .repartition(
                Repartitioned.with(Serdes.String(), topics.rekeyed()).withName(REKEY_TOPIC_NAME));
    return direct.merge(rekeyed, Named.as("merge-readings"));
  }

  private KStream<byte[], SensorReading> input(StreamsBuilder builder) {
    // The serializer half is never used on a source; Serdes.serdeFrom just needs one.
    Serde<SensorReading> readings =
        Serdes.serdeFrom(topics.rekeyed().serializer(), topics.readings());
    Consumed<byte[], SensorReading> consumed =
        Consumed.with(Serdes.ByteArray(), readings).withName("readings");
    return topics
        .inputPattern()
        .map(pattern -> builder.stream(pattern, consumed))
        .orElseGet(() -> builder.stream(topics.inputTopics(), consumed));
  }

  /**
   * True when the record's key already is its sensor id (UTF-8). Records the check will refuse (no
   * value, no sensor id) count as keyed too, so they are dead-lettered before any repartition.
   */
  static boolean keyedBySensorId(byte[] key, SensorReading reading) {
    if (reading == null || reading.getSensorId() == null || reading.getSensorId().isEmpty()) {
      return true;
    }
    return Arrays.equals(key, reading.getSensorId().getBytes(StandardCharsets.UTF_8));
  }

  private void routeOutputs(KStream<String, SpecificRecord> outputs) {
    outputs
        .split(Named.as("output-"))
        .branch(
            (sensor, record) -> record instanceof Forecast,
            Branched.withConsumer(
                forecasts ->
                    forecasts
                        .mapValues(record -> (Forecast) record, Named.as("as-forecast"))
                        .to(
                            topics.forecastsTopic(),
                            Produced.with(Serdes.String(), topics.forecasts())
                                .withName("forecasts")),
                "forecast"))
        .branch(
            (sensor, record) -> record instanceof AccuracyReport,
            Branched.withConsumer(
                reports ->
                    reports
                        .mapValues(record -> (AccuracyReport) record, Named.as("as-accuracy"))
                        .to(
                            topics.accuracyTopic(),
                            Produced.with(Serdes.String(), topics.accuracy()).withName("accuracy")),
                "accuracy"))
        .noDefaultBranch();
  }
}
