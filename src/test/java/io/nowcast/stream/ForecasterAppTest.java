package io.nowcast.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;
import io.nowcast.config.ForecasterConfig;
import io.nowcast.metrics.NowcastMetrics;
import io.nowcast.serde.InMemorySchemaRegistry;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.stream.errors.DeadLetterConfig;
import io.nowcast.stream.errors.DeadLetterDeserializationHandler;
import io.nowcast.stream.errors.DeadLetterProcessingHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Start-up: the Streams properties the forecaster derives, and bad configurations naming their key.
 */
class ForecasterAppTest {

  private static Map<String, Object> valid() {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", "127.0.0.1:9");
    props.put(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://app-test");
    props.put(ForecasterConfig.INPUT_TOPICS, "sensors");
    props.put(ForecasterConfig.HTTP_PORT, "0");
    return props;
  }

  @ParameterizedTest
  @CsvSource({
    "nowcast.http.port, 70000",
    "nowcast.out.of.order.policy, sometimes",
    "nowcast.value.max.abs, -1",
    "nowcast.timestamp.max.future, soon",
    "nowcast.modle.name, typo",
    "nowcast.input.format, xml",
    "processing.guarantee, sometimes",
    "num.stream.threads, many"
  })
  void aBadValueFailsStartUpNamingTheKey(String key, String value) {
    Map<String, Object> props = valid();
    props.put(key, value);

    ConfigException error =
        assertThrows(ConfigException.class, () -> ForecasterApp.start(props).close());

    assertTrue(error.getMessage().contains(key), error.getMessage());
  }

  @Test
  void outputSchemasAreRegisteredBeforeAnyRecord() {
    Map<String, Object> props = valid();
    props.put(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://app-test-outputs");
    props.put(ForecasterConfig.OUTPUT_TOPIC, "early-forecasts");
    props.put(ForecasterConfig.ACCURACY_TOPIC, "early-accuracy");
    try {
      Topics.from(new ForecasterConfig(props, SerdeConfig.CONFIG_DEF)).prepareOutputSchemas();
      InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope("app-test-outputs");
      assertEquals(Forecast.getClassSchema(), registry.latest("early-forecasts-value").schema());
      assertEquals(
          AccuracyReport.getClassSchema(), registry.latest("early-accuracy-value").schema());
    } finally {
      InMemorySchemaRegistry.dropScope("app-test-outputs");
    }
  }

  @Test
  void anUnreachableRegistryFailsStartUpNamingTheOutputTopicAndTheKey() throws IOException {
    Map<String, Object> props = valid();
    props.put(SerdeConfig.SCHEMA_REGISTRY_URL, deadUrl());
    props.put(SerdeConfig.MAX_RETRIES, "0");
    props.put(ForecasterConfig.OUTPUT_TOPIC, "early-forecasts");

    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> ForecasterApp.start(props).close());

    assertTrue(error.getMessage().contains("'early-forecasts'"), error.getMessage());
    assertTrue(error.getMessage().contains(SerdeConfig.SCHEMA_REGISTRY_URL), error.getMessage());
    assertTrue(error.getMessage().contains("unreachable"), error.getMessage());
  }

  /** A loopback URL nobody listens on. */
  private static String deadUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void aMissingInputNamesBothKeys() {
    Map<String, Object> props = valid();
    props.remove(ForecasterConfig.INPUT_TOPICS);

    ConfigException error =
        assertThrows(ConfigException.class, () -> ForecasterApp.start(props).close());

    assertTrue(error.getMessage().contains(ForecasterConfig.INPUT_TOPICS), error.getMessage());
    assertTrue(error.getMessage().contains(ForecasterConfig.INPUT_PATTERN), error.getMessage());
  }

  @Test
  void streamsPropertiesDefaultToExactlyOnceAndWireTheDeadLetterHandlers() {
    Map<String, Object> props = valid();
    props.put(ForecasterConfig.DLQ_TOPIC, "poison");
    NowcastMetrics metrics = new NowcastMetrics(new SimpleMeterRegistry());

    Properties streams =
        ForecasterApp.streamsProperties(
            new ForecasterConfig(props, SerdeConfig.CONFIG_DEF), metrics);

    assertEquals(
        StreamsConfig.EXACTLY_ONCE_V2, streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    assertEquals(
        ForecasterConfig.DEFAULT_APPLICATION_ID, streams.get(StreamsConfig.APPLICATION_ID_CONFIG));
    assertEquals(
        DeadLetterDeserializationHandler.class,
        streams.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG));
    assertEquals(
        DeadLetterProcessingHandler.class,
        streams.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG));
    assertEquals("true", streams.get("processing.exception.handler.global.enabled"));
    assertEquals("poison", DeadLetterConfig.from(streams).topic());
    assertTrue(streams.get(DeadLetterConfig.METRICS_CONFIG) == metrics);
  }

  @Test
  void theFileMayChooseAnotherGuaranteeAndApplicationId() {
    Map<String, Object> props = valid();
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "plant-7");

    Properties streams =
        ForecasterApp.streamsProperties(
            new ForecasterConfig(props, SerdeConfig.CONFIG_DEF),
            new NowcastMetrics(new SimpleMeterRegistry()));

    assertEquals(
        StreamsConfig.AT_LEAST_ONCE, streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    assertEquals("plant-7", streams.get(StreamsConfig.APPLICATION_ID_CONFIG));
    assertEquals(
        "read_committed",
        streams.get("global.consumer.isolation.level"),
        "a model of an aborted trainer transaction is never installed, whatever the guarantee");
  }
}
