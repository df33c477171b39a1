package io.nowcast.stream.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nowcast.metrics.NowcastMetrics;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DeadLetterConfigTest {

  private final NowcastMetrics metrics = new NowcastMetrics(new SimpleMeterRegistry());

  private Map<String, Object> valid() {
    Map<String, Object> configs = new HashMap<>();
    configs.put(DeadLetterConfig.TOPIC_CONFIG, "dlq");
    configs.put(DeadLetterConfig.METRICS_CONFIG, metrics);
    return configs;
  }

  @Test
  void defaultsTheValueCapTo512KiB() {
    DeadLetterConfig config = DeadLetterConfig.from(valid());

    assertEquals("dlq", config.topic());
    assertEquals(512 * 1024, config.maxValueBytes());
    assertSame(metrics, config.metrics());
  }

  @Test
  void readsTheApplicationsPropertiesWithTheMetricsObject() {
    Properties props = new Properties();
    props.putAll(valid());
    props.put(DeadLetterConfig.MAX_VALUE_BYTES_CONFIG, 4096);

    DeadLetterConfig config = DeadLetterConfig.from(props);

    assertEquals(4096, config.maxValueBytes());
    assertSame(metrics, config.metrics());
  }

  @Test
  void acceptsTheCapAsTextFromAPropertiesFile() {
    Map<String, Object> configs = valid();
    configs.put(DeadLetterConfig.MAX_VALUE_BYTES_CONFIG, " 2048 ");

    assertEquals(2048, DeadLetterConfig.from(configs).maxValueBytes());
  }

  @Test
  void refusesANegativeOrNonNumericCapNamingTheKey() {
    Map<String, Object> configs = valid();
    configs.put(DeadLetterConfig.MAX_VALUE_BYTES_CONFIG, "-1");
    ConfigException negative =
        assertThrows(ConfigException.class, () -> DeadLetterConfig.from(configs));
    configs.put(DeadLetterConfig.MAX_VALUE_BYTES_CONFIG, "lots");
    ConfigException text =
        assertThrows(ConfigException.class, () -> DeadLetterConfig.from(configs));

    assertEquals(
        "Invalid value -1 for configuration nowcast.dlq.max.value.bytes: expected a whole number of bytes ≥ 0",
        negative.getMessage());
    assertEquals(
        "Invalid value lots for configuration nowcast.dlq.max.value.bytes: expected a whole number of bytes ≥ 0",
        text.getMessage());
  }

  @Test
  void refusesAMissingTopicNamingTheKey() {
    Map<String, Object> configs = valid();
    configs.remove(DeadLetterConfig.TOPIC_CONFIG);

    ConfigException e = assertThrows(ConfigException.class, () -> DeadLetterConfig.from(configs));

    assertEquals(
        "Invalid value null for configuration errors.dead.letter.queue.topic.name: "
            + "the dead-letter handlers need a topic name (set nowcast.dlq.topic)",
        e.getMessage());
  }

  @Test
  void refusesMissingMetricsSoDeadLettersAreNeverUncounted() {
    Map<String, Object> configs = valid();
    configs.put(DeadLetterConfig.METRICS_CONFIG, "not metrics");

    ConfigException e = assertThrows(ConfigException.class, () -> DeadLetterConfig.from(configs));

    assertEquals(
        "Invalid value not metrics for configuration nowcast.metrics.instance: "
            + "expected the application's io.nowcast.metrics.NowcastMetrics instance, so dead letters are counted",
        e.getMessage());
  }

  @Test
  void poisonReasonsMustBeMachineReadable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new PoisonRecordException("Bad Reason", "x"));

    assertEquals(
        "dead-letter reason must be lower snake case, 1-64 chars [a-z0-9_], got 'Bad Reason'",
        e.getMessage());
  }

  @Test
  void processingHandlerFindsAPoisonReasonInsideWrappers() {
    RuntimeException wrapped =
        new RuntimeException("wrapper", new PoisonRecordException("absurd_magnitude", "too big"));

    assertEquals("absurd_magnitude", DeadLetterProcessingHandler.reasonOf(wrapped));
    assertEquals(
        DeadLetters.PROCESSING_FAILED,
        DeadLetterProcessingHandler.reasonOf(new IllegalStateException()));
  }
}
