package io.nowcast.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The forecaster's configuration: the shared keys, the output topics, serving and input-hygiene
 * keys, and any keys other packages declare (passed as extra {@link ConfigDef}s). A bad value, an
 * unknown {@code nowcast.*} key or a missing input fails construction with a {@code
 * ConfigException} naming the key.
 */
public final class ForecasterConfig extends CommonConfig {

  /** The Kafka Streams application id used unless the properties set {@code application.id}. */
  public static final String DEFAULT_APPLICATION_ID = "nowcast-forecaster";

  static final String GROUP_OUTPUT = "Output";
  static final String GROUP_SERVING = "Serving";

  public static final String OUTPUT_TOPIC = "nowcast.output.topic";
  public static final String ACCURACY_TOPIC = "nowcast.accuracy.topic";
  public static final String DLQ_TOPIC = "nowcast.dlq.topic";
  public static final String HTTP_PORT = "nowcast.http.port";
  public static final String HTTP_HOST = "nowcast.http.host";
  public static final String ACCURACY_EVERY_EVENTS = "nowcast.accuracy.every.events";
  public static final String INTERVAL_LEVEL = "nowcast.interval.level";
  public static final String RING_BUFFER_SIZE = "nowcast.ring.buffer.size";
  public static final String FALLBACK_PERSISTENCE = "nowcast.fallback.persistence";
  public static final String VALUE_MAX_ABS = "nowcast.value.max.abs";
  public static final String TIMESTAMP_MAX_FUTURE = "nowcast.timestamp.max.future";
  public static final String TIMESTAMP_MAX_PAST = "nowcast.timestamp.max.past";
  public static final String OUT_OF_ORDER_POLICY = "nowcast.out.of.order.policy";
  public static final String STATE_FORMAT_WRITE = "nowcast.state.format.write";

  /** The per-key state format this release writes by default (sectioned). */
  static final int STATE_FORMAT_LATEST = 3;

  /** The state format of the previous release, written during a rolling upgrade from it. */
  static final int STATE_FORMAT_PREVIOUS = 2;

  /** What happens to a reading not newer than its key's last one. */
  public enum OutOfOrderPolicy {
    /** Count it and drop it. */
    SKIP,
    /** Count it and send it to the dead-letter topic. */
    DEAD_LETTER
  }

  /**
   * Parses and validates {@code originals} (file and environment merged by {@link
   * ConfigLoader#load}).
   *
   * @param extras key definitions of other packages, merged in (each key declared once overall)
   */
  public ForecasterConfig(Map<?, ?> originals, ConfigDef... extras) {
    super(configDef(extras), originals, CommonConfig.keyNames(NowcastKeys.all(extras)));
  }

  /** The shared keys, the forecaster's keys and {@code extras}. */
  public static ConfigDef configDef(ConfigDef... extras) {
    return merge(define(CommonConfig.define(new ConfigDef())), extras);
  }

  /** Adds the forecaster's own keys to {@code definition}; returns it. */
  static ConfigDef define(ConfigDef definition) {
    KeyDeclarer output = new KeyDeclarer(definition, GROUP_OUTPUT);
    output.add(
        OUTPUT_TOPIC,
        ConfigDef.Type.STRING,
        "nowcast.forecasts",
        new ConfigDef.NonEmptyString(),
        "Topic of Forecast records, keyed by sensor id.");
    output.add(
        ACCURACY_TOPIC,
        ConfigDef.Type.STRING,
        "nowcast.accuracy",
        new ConfigDef.NonEmptyString(),
        "Topic of AccuracyReport records, keyed by sensor id.");
    output.add(
        DLQ_TOPIC,
        ConfigDef.Type.STRING,
        "nowcast.dlq",
        new ConfigDef.NonEmptyString(),
        "Dead-letter topic for records that cannot be processed; the cause travels in the headers.");
    output.add(
        ACCURACY_EVERY_EVENTS,
        ConfigDef.Type.INT,
        1000,
        ConfigDef.Range.atLeast(1),
        "Emit an AccuracyReport for a key every this many scored readings of that key.");
    output.add(
        INTERVAL_LEVEL,
        ConfigDef.Type.DOUBLE,
        0.8,
        Validators.openUnitInterval(),
        "Central coverage of the forecast interval [lower, upper], e.g. 0.8 for the 10%-90% quantiles.");
    KeyDeclarer serving = new KeyDeclarer(definition, GROUP_SERVING);
    serving.add(
        HTTP_PORT,
        ConfigDef.Type.INT,
        8080,
        ConfigDef.Range.between(0, 65535),
        "Port of the HTTP endpoints (health, metrics, sensors API); 0 picks a free port.");
    serving.add(
        HTTP_HOST,
        ConfigDef.Type.STRING,
        "127.0.0.1",
        new ConfigDef.NonEmptyString(),
        "Interface the HTTP endpoints bind to: 127.0.0.1 serves this host only; in a container set "
            + "0.0.0.0 so that probes, Prometheus and the other instances can reach it.");
    serving.add(
        RING_BUFFER_SIZE,
        ConfigDef.Type.INT,
        64,
        ConfigDef.Range.between(0, 10_000),
        "Raw readings kept per key so that a new model can re-warm the key's state; 0 keeps none "
            + "(a new model then starts the key from a zero state).");
    serving.add(
        FALLBACK_PERSISTENCE,
        ConfigDef.Type.BOOLEAN,
        false,
        null,
        "While no model is available, emit a flagged repeat-the-last-value forecast instead of nothing.");
    serving.add(
        VALUE_MAX_ABS,
        ConfigDef.Type.DOUBLE,
        1e12,
        Validators.positive(),
        "Readings with a larger absolute value are treated as corrupt and dead-lettered.");
    serving.add(
        TIMESTAMP_MAX_FUTURE,
        ConfigDef.Type.STRING,
        "1h",
        Validators.duration(),
        "Readings stamped further than this ahead of the wall clock are dead-lettered; 0 disables the check.");
    serving.add(
        TIMESTAMP_MAX_PAST,
        ConfigDef.Type.STRING,
        "0",
        Validators.duration(),
        "Readings stamped further than this behind the wall clock are dead-lettered; 0 (the default) "
            + "disables the check so that replayed history is accepted.");
    serving.add(
        OUT_OF_ORDER_POLICY,
        ConfigDef.Type.STRING,
        "skip",
        Validators.oneOf("skip", "dead-letter"),
        "What happens to a reading not newer than its key's last one (duplicate, out of order, late): "
            + "skip counts and drops it, dead-letter counts it and sends it to the dead-letter topic.");
    serving.add(
        STATE_FORMAT_WRITE,
        ConfigDef.Type.INT,
        STATE_FORMAT_LATEST,
        ConfigDef.Range.between(STATE_FORMAT_PREVIOUS, STATE_FORMAT_LATEST),
        "Format of the per-key state this instance writes to its store and changelog: 3, the "
            + "sectioned format, or 2, the format of the previous release. Set 2 while instances "
            + "of a release that reads only formats 1 and 2 are still in the group (rolling "
            + "upgrade), then remove it; every format is read whatever this says "
            + "(docs/state-format.md).");
    return definition;
  }

  public String outputTopic() {
    return getString(OUTPUT_TOPIC);
  }

  public String accuracyTopic() {
    return getString(ACCURACY_TOPIC);
  }

  public String dlqTopic() {
    return getString(DLQ_TOPIC);
  }

  public int httpPort() {
    return getInt(HTTP_PORT);
  }

  public String httpHost() {
    return getString(HTTP_HOST);
  }

  public int accuracyEveryEvents() {
    return getInt(ACCURACY_EVERY_EVENTS);
  }

  public double intervalLevel() {
    return getDouble(INTERVAL_LEVEL);
  }

  public int ringBufferSize() {
    return getInt(RING_BUFFER_SIZE);
  }

  public boolean fallbackPersistence() {
    return getBoolean(FALLBACK_PERSISTENCE);
  }

  public double valueMaxAbs() {
    return getDouble(VALUE_MAX_ABS);
  }

  /** How far ahead of the wall clock a reading may be; {@link Duration#ZERO} = unchecked. */
  public Duration timestampMaxFuture() {
    return Durations.parse(getString(TIMESTAMP_MAX_FUTURE));
  }

  /** How far behind the wall clock a reading may be; {@link Duration#ZERO} = unchecked. */
  public Duration timestampMaxPast() {
    return Durations.parse(getString(TIMESTAMP_MAX_PAST));
  }

  /**
   * The per-key state format to write, {@value #STATE_FORMAT_PREVIOUS} or {@value
   * #STATE_FORMAT_LATEST}.
   */
  public int stateFormatWrite() {
    return getInt(STATE_FORMAT_WRITE);
  }

  public OutOfOrderPolicy outOfOrderPolicy() {
    return OutOfOrderPolicy.valueOf(
        getString(OUT_OF_ORDER_POLICY).trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /**
   * The pass-through keys with {@code application.id} defaulting to {@value
   * #DEFAULT_APPLICATION_ID}.
   */
  @Override
  public Map<String, Object> kafkaProperties() {
    Map<String, Object> properties = super.kafkaProperties();
    properties.putIfAbsent("application.id", DEFAULT_APPLICATION_ID);
    return properties;
  }
}
