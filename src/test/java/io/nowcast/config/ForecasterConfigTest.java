package io.nowcast.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForecasterConfigTest {

  private static Map<String, Object> minimal() {
    Map<String, Object> properties = new HashMap<>();
    properties.put(CommonConfig.INPUT_TOPICS, "sensors");
    return properties;
  }

  @Test
  void defaultsOfEveryForecasterKey() {
    ForecasterConfig config = new ForecasterConfig(minimal());

    assertEquals(List.of("sensors"), config.inputTopics());
    assertTrue(config.inputPattern().isEmpty());
    assertEquals("nowcast.forecasts", config.outputTopic());
    assertEquals("nowcast.models", config.modelsTopic());
    assertEquals("nowcast.accuracy", config.accuracyTopic());
    assertEquals("nowcast.dlq", config.dlqTopic());
    assertEquals("default", config.modelName());
    assertEquals(8080, config.httpPort());
    assertEquals("127.0.0.1", config.httpHost());
    assertEquals(1000, config.accuracyEveryEvents());
    assertEquals(0.8, config.intervalLevel());
    assertEquals(64, config.ringBufferSize());
    assertFalse(config.fallbackPersistence());
    assertEquals(1e12, config.valueMaxAbs());
    assertEquals(Duration.ofHours(1), config.timestampMaxFuture());
    assertEquals(Duration.ZERO, config.timestampMaxPast());
    assertEquals(ForecasterConfig.OutOfOrderPolicy.SKIP, config.outOfOrderPolicy());
  }

  @Test
  void setValuesAreParsed() {
    Map<String, Object> properties = new HashMap<>();
    properties.put(CommonConfig.INPUT_PATTERN, "sensors\\..*");
    properties.put(ForecasterConfig.HTTP_PORT, "0");
    properties.put(ForecasterConfig.HTTP_HOST, "0.0.0.0");
    properties.put(ForecasterConfig.TIMESTAMP_MAX_PAST, "PT15M");
    properties.put(ForecasterConfig.OUT_OF_ORDER_POLICY, "Dead-Letter");
    properties.put(ForecasterConfig.FALLBACK_PERSISTENCE, "true");
    ForecasterConfig config = new ForecasterConfig(properties);

    assertTrue(config.inputPattern().orElseThrow().matcher("sensors.ett").matches());
    assertEquals(List.of(), config.inputTopics());
    assertEquals(0, config.httpPort());
    assertEquals("0.0.0.0", config.httpHost());
    assertEquals(Duration.ofMinutes(15), config.timestampMaxPast());
    assertEquals(ForecasterConfig.OutOfOrderPolicy.DEAD_LETTER, config.outOfOrderPolicy());
    assertTrue(config.fallbackPersistence());
  }

  @Test
  void otherKeysPassThroughAndApplicationIdDefaults() {
    Map<String, Object> properties = minimal();
    properties.put("bootstrap.servers", "127.0.0.1:9092");
    properties.put("ssl.truststore.location", "/etc/ts.jks");
    properties.put("schema.registry.url", "http://registry:8081");
    properties.put("basic.auth.user.info", "user:secret");
    Map<String, Object> kafka = new ForecasterConfig(properties).kafkaProperties();

    assertEquals("127.0.0.1:9092", kafka.get("bootstrap.servers"));
    assertEquals("/etc/ts.jks", kafka.get("ssl.truststore.location"));
    assertEquals("http://registry:8081", kafka.get("schema.registry.url"));
    assertEquals("user:secret", kafka.get("basic.auth.user.info"));
    assertEquals("nowcast-forecaster", kafka.get("application.id"));
    assertTrue(
        kafka.keySet().stream().noneMatch(key -> key.startsWith("nowcast.")), kafka.toString());

    properties.put("application.id", "plant-7");
    assertEquals(
        "plant-7", new ForecasterConfig(properties).kafkaProperties().get("application.id"));
  }

  @Test
  void neitherInputIsAnErrorNamingBothKeys() {
    ConfigException e = assertThrows(ConfigException.class, () -> new ForecasterConfig(Map.of()));

    assertTrue(
        e.getMessage().contains(CommonConfig.INPUT_TOPICS)
            && e.getMessage().contains(CommonConfig.INPUT_PATTERN),
        e.getMessage());
    assertTrue(e.getMessage().contains("neither"), e.getMessage());
  }

  @Test
  void bothInputsIsAnErrorNamingBothKeysAndValues() {
    Map<String, Object> properties = minimal();
    properties.put(CommonConfig.INPUT_PATTERN, "sensors.*");
    ConfigException e = assertThrows(ConfigException.class, () -> new ForecasterConfig(properties));

    assertTrue(
        e.getMessage().contains(CommonConfig.INPUT_TOPICS)
            && e.getMessage().contains("'sensors.*'"),
        e.getMessage());
  }

  @Test
  void unknownNowcastKeyIsAnErrorNamingKeyAndVariable() {
    Map<String, Object> properties = minimal();
    properties.put("nowcast.output.topik", "x");
    ConfigException e = assertThrows(ConfigException.class, () -> new ForecasterConfig(properties));

    assertTrue(e.getMessage().contains("nowcast.output.topik"), e.getMessage());
    assertTrue(e.getMessage().contains("NOWCAST_OUTPUT_TOPIK"), e.getMessage());
  }

  @Test
  void trainerKeysAreAcceptedSoOneFileCanServeBothProcesses() {
    Map<String, Object> properties = minimal();
    properties.put(TrainerConfig.EPOCHS, "5");

    assertEquals(8080, new ForecasterConfig(properties).httpPort());
  }

  @Test
  void keysOfOtherPackagesAreMergedIn() {
    ConfigDef serde =
        new ConfigDef()
            .define(
                "nowcast.input.format",
                ConfigDef.Type.STRING,
                "avro",
                ConfigDef.Importance.MEDIUM,
                "Input format.");
    Map<String, Object> properties = minimal();
    properties.put("nowcast.input.format", "json");

    assertEquals("json", new ForecasterConfig(properties, serde).getString("nowcast.input.format"));
    assertEquals("avro", new TrainerConfig(minimal(), serde).getString("nowcast.input.format"));
    ConfigException unmerged =
        assertThrows(ConfigException.class, () -> new ForecasterConfig(properties));
    assertTrue(unmerged.getMessage().contains("nowcast.input.format"), unmerged.getMessage());
  }

  @Test
  void aKeyDeclaredTwiceIsRefused() {
    ConfigDef clash =
        new ConfigDef()
            .define(
                ForecasterConfig.HTTP_PORT,
                ConfigDef.Type.INT,
                1,
                ConfigDef.Importance.LOW,
                "clash");

    ConfigException e =
        assertThrows(ConfigException.class, () -> new ForecasterConfig(minimal(), clash));
    assertTrue(e.getMessage().contains(ForecasterConfig.HTTP_PORT), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "nowcast.input.topics | a,a",
        "nowcast.input.topics | a,,b",
        "nowcast.models.topic | ''",
        "nowcast.model.name | ''",
        "nowcast.output.topic | ''",
        "nowcast.accuracy.topic | ''",
        "nowcast.dlq.topic | ''",
        "nowcast.http.port | -1",
        "nowcast.http.port | 65536",
        "nowcast.http.port | eighty",
        "nowcast.accuracy.every.events | 0",
        "nowcast.interval.level | 0",
        "nowcast.interval.level | 1",
        "nowcast.interval.level | 1.5",
        "nowcast.http.host | ''",
        "nowcast.ring.buffer.size | -1",
        "nowcast.ring.buffer.size | 10001",
        "nowcast.fallback.persistence | maybe",
        "nowcast.value.max.abs | 0",
        "nowcast.value.max.abs | NaN",
        "nowcast.timestamp.max.future | soon",
        "nowcast.timestamp.max.past | -1h",
        "nowcast.out.of.order.policy | drop",
        "nowcast.state.format.write | 1",
        "nowcast.state.format.write | 4",
      })
  void badValuesNameTheKeyAndTheValue(String key, String value) {
    Map<String, Object> properties = minimal();
    properties.put(key, value);
    ConfigException e = assertThrows(ConfigException.class, () -> new ForecasterConfig(properties));

    assertTrue(e.getMessage().contains(key), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
  }

  @Test
  void badPatternNamesTheKeyAndTheValue() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> new ForecasterConfig(Map.of(CommonConfig.INPUT_PATTERN, "sensors(")));

    assertTrue(
        e.getMessage().contains(CommonConfig.INPUT_PATTERN) && e.getMessage().contains("sensors("),
        e.getMessage());
  }
}
