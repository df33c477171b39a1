package io.nowcast.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private Path file(String... lines) throws IOException {
    return Files.write(dir.resolve("nowcast.properties"), List.of(lines));
  }

  @Test
  void environmentOverridesTheFile() throws IOException {
    Path file =
        file(
            "nowcast.input.topics=from-file",
            "nowcast.http.port=9000",
            "bootstrap.servers=file:9092");
    Map<String, String> environment =
        Map.of(
            "NOWCAST_INPUT_TOPICS", "from-env",
            "NOWCAST_CONFIG_BOOTSTRAP_SERVERS", "env:9092",
            "PATH", "/usr/bin");

    Map<String, String> merged = ConfigLoader.load(file, environment);

    assertEquals("from-env", merged.get("nowcast.input.topics"));
    assertEquals("9000", merged.get("nowcast.http.port"));
    assertEquals("env:9092", merged.get("bootstrap.servers"));
    assertEquals(3, merged.size(), merged.toString());
    ForecasterConfig config = new ForecasterConfig(merged);
    assertEquals(List.of("from-env"), config.inputTopics());
    assertEquals("env:9092", config.kafkaProperties().get("bootstrap.servers"));
  }

  @Test
  void environmentAloneIsEnough() {
    Map<String, String> merged = ConfigLoader.load(null, Map.of("NOWCAST_INPUT_PATTERN", "s.*"));

    assertEquals("s.*", new ForecasterConfig(merged).inputPattern().orElseThrow().pattern());
  }

  @Test
  void doubleUnderscoreStandsForAnUnderscoreInPassThroughKeys() {
    assertEquals("some_vendor.key", ConfigLoader.keyOf("NOWCAST_CONFIG_SOME__VENDOR_KEY"));
    assertEquals("NOWCAST_CONFIG_SOME__VENDOR_KEY", ConfigLoader.variableOf("some_vendor.key"));
    assertEquals("sasl.jaas.config", ConfigLoader.keyOf("NOWCAST_CONFIG_SASL_JAAS_CONFIG"));
  }

  @Test
  void launcherAndForeignVariablesAreNotConfiguration() {
    assertNull(ConfigLoader.keyOf("NOWCAST_OPTS"));
    assertNull(ConfigLoader.keyOf("NOWCAST_HOME"));
    assertNull(ConfigLoader.keyOf("JAVA_HOME"));
  }

  @Test
  void everyDeclaredKeyHasAnUnambiguousVariable() {
    for (String key : NowcastKeys.all().names()) {
      assertTrue(
          key.matches("nowcast\\.[a-z0-9.]+"),
          () -> key + " cannot be spelt as an environment variable");
      assertEquals(key, ConfigLoader.keyOf(ConfigLoader.variableOf(key)), key);
    }
    assertEquals(
        "NOWCAST_TRAINER_MAX_POINTS_PER_KEY",
        ConfigLoader.variableOf(TrainerConfig.MAX_POINTS_PER_KEY));
  }

  @Test
  void misspeltVariableFailsStartUpNamingIt() {
    Map<String, String> merged =
        ConfigLoader.load(null, Map.of("NOWCAST_INPUT_TOPICS", "a", "NOWCAST_OUTPUT_TOPICS", "b"));

    ConfigException e = assertThrows(ConfigException.class, () -> new ForecasterConfig(merged));
    assertTrue(e.getMessage().contains("NOWCAST_OUTPUT_TOPICS"), e.getMessage());
  }

  @Test
  void passThroughPrefixCannotSetNowcastKeys() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.fromEnvironment(Map.of("NOWCAST_CONFIG_NOWCAST_HTTP_PORT", "1")));

    assertTrue(
        e.getMessage().contains("NOWCAST_CONFIG_NOWCAST_HTTP_PORT")
            && e.getMessage().contains("NOWCAST_HTTP_PORT"),
        e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("absent.properties");
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, Map.of()));

    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }
}
