package io.nowcast.stream.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nowcast.metrics.NowcastMetrics;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The handlers are built the way Kafka Streams builds them (StreamsConfig's factory methods, which
 * stream threads call), so the metrics object must survive StreamsConfig as a property value.
 */
class DeadLetterStreamsConfigTest {

  private static Properties props() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dead-letter-config-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationHandler.class.getName());
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterProcessingHandler.class.getName());
    props.put(DeadLetterConfig.TOPIC_CONFIG, "nowcast.dlq");
    return props;
  }

  @Test
  void streamsConfigHandsTheMetricsObjectToTheHandlers() {
    Properties props = props();
    NowcastMetrics metrics = new NowcastMetrics(new SimpleMeterRegistry());
    props.put(DeadLetterConfig.METRICS_CONFIG, metrics);
    StreamsConfig config = new StreamsConfig(props);

    assertInstanceOf(
        DeadLetterDeserializationHandler.class, config.deserializationExceptionHandler());
    assertInstanceOf(DeadLetterProcessingHandler.class, config.processingExceptionHandler());
    assertEquals(metrics, DeadLetterConfig.from(config.originals()).metrics());
  }

  @Test
  void missingMetricsFailsWhenTheHandlerIsBuiltNamingTheKey() {
    StreamsConfig config = new StreamsConfig(props());

    RuntimeException e = assertThrows(RuntimeException.class, config::processingExceptionHandler);

    assertTrue(causeChainMentions(e, DeadLetterConfig.METRICS_CONFIG), String.valueOf(e));
  }

  private static boolean causeChainMentions(Throwable failure, String key) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConfigException && String.valueOf(t.getMessage()).contains(key)) {
        return true;
      }
    }
    return false;
  }
}
