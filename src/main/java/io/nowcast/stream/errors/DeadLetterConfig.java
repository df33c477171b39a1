package io.nowcast.stream.errors;

import io.nowcast.metrics.NowcastMetrics;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings of the dead-letter handlers, read from the map Kafka Streams passes to {@code
 * configure(Map)} (the application's Streams properties, values as given).
 *
 * @param topic dead-letter topic, from {@code errors.dead.letter.queue.topic.name} (the app sets it
 *     from {@code nowcast.dlq.topic})
 * @param maxValueBytes at most this many bytes of the original value are copied into a dead letter
 * @param metrics where each dead letter is counted
 */
public record DeadLetterConfig(String topic, int maxValueBytes, NowcastMetrics metrics) {

  /** Kafka Streams' own dead-letter topic key; required by these handlers. */
  public static final String TOPIC_CONFIG =
      StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG;

  /**
   * Cap, in bytes, on the original value copied into a dead letter (int ≥ 0, default 512 KiB). A
   * poison record may be close to the broker's {@code message.max.bytes}; with cause headers added,
   * a whole copy would be refused and the dead letter lost, so longer values are cut and flagged
   * with {@code nowcast.truncated}.
   */
  public static final String MAX_VALUE_BYTES_CONFIG = "nowcast.dlq.max.value.bytes";

  /** Default of {@link #MAX_VALUE_BYTES_CONFIG}: 512 KiB, half the broker's default 1 MiB limit. */
  public static final int DEFAULT_MAX_VALUE_BYTES = 512 * 1024;

  /**
   * The {@link NowcastMetrics} instance the handlers count into (an object, not a string: set it in
   * the Streams {@code Properties} from code; Kafka Streams hands property values to the handlers'
   * {@code configure} unchanged).
   */
  public static final String METRICS_CONFIG = "nowcast.metrics.instance";

  /**
   * Validates the handler settings; fails naming the key and the expected vs actual value. Kafka
   * Streams builds the handlers only when a stream thread starts, so the application should also
   * call this on its Streams properties at start-up, to fail before any work.
   */
  public static DeadLetterConfig from(Map<String, ?> configs) {
    return new DeadLetterConfig(topic(configs), maxValueBytes(configs), metrics(configs));
  }

  /**
   * {@link #from(Map)} for the application's Streams {@code Properties} (values kept as objects).
   */
  public static DeadLetterConfig from(Properties props) {
    Map<String, Object> configs = new HashMap<>();
    props.forEach((key, value) -> configs.put(key.toString(), value));
    return from(configs);
  }

  private static String topic(Map<String, ?> configs) {
    Object topic = configs.get(TOPIC_CONFIG);
    if (!(topic instanceof String) || ((String) topic).isBlank()) {
      throw new ConfigException(
          TOPIC_CONFIG,
          topic,
          "the dead-letter handlers need a topic name (set nowcast.dlq.topic)");
    }
    return (String) topic;
  }

  private static int maxValueBytes(Map<String, ?> configs) {
    Object raw = configs.get(MAX_VALUE_BYTES_CONFIG);
    if (raw == null) {
      return DEFAULT_MAX_VALUE_BYTES;
    }
    try {
      int bytes =
          raw instanceof Number
              ? Math.toIntExact(((Number) raw).longValue())
              : Integer.parseInt(raw.toString().trim());
      if (bytes >= 0) {
        return bytes;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below with the expected form
    }
    throw new ConfigException(MAX_VALUE_BYTES_CONFIG, raw, "expected a whole number of bytes ≥ 0");
  }

  private static NowcastMetrics metrics(Map<String, ?> configs) {
    Object metrics = configs.get(METRICS_CONFIG);
    if (!(metrics instanceof NowcastMetrics)) {
      throw new ConfigException(
          METRICS_CONFIG,
          metrics,
          "expected the application's io.nowcast.metrics.NowcastMetrics instance, so dead letters are counted");
    }
    return (NowcastMetrics) metrics;
  }
}
