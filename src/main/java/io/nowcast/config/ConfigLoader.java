package io.nowcast.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * Reads a Kafka-style properties file and applies environment overrides (the environment wins):
 *
 * <ul>
 *   <li>{@code NOWCAST_INPUT_TOPICS} sets {@code nowcast.input.topics}: after {@code NOWCAST_} the
 *       name is lower-cased and every {@code _} becomes a dot. No {@code nowcast.*} key contains an
 *       underscore, so this is unambiguous.
 *   <li>{@code NOWCAST_CONFIG_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers}: any other key,
 *       lower-cased, {@code _} becomes a dot and {@code __} an underscore.
 *   <li>{@link #LAUNCHER_VARIABLES} belong to the launcher script and are not configuration.
 * </ul>
 *
 * Any other {@code NOWCAST_*} variable maps to a {@code nowcast.*} key, which the configuration
 * classes reject when it is not declared, so a misspelt variable fails start-up.
 */
public final class ConfigLoader {

  /** Prefix of variables that set a declared {@code nowcast.*} key. */
  public static final String DECLARED_PREFIX = "NOWCAST_";

  /** Prefix of variables that set any other (pass-through) key. */
  public static final String PASS_THROUGH_PREFIX = "NOWCAST_CONFIG_";

  /** Variables of the {@code bin/nowcast} launcher and the shell, never read as configuration. */
  public static final Set<String> LAUNCHER_VARIABLES =
      Set.of("NOWCAST_OPTS", "NOWCAST_HOME", "NOWCAST_CONFIG");

  private ConfigLoader() {}

  /**
   * The file's properties overridden by the environment's.
   *
   * @param file a properties file, or {@code null} to use the environment alone
   * @param environment usually {@code System.getenv()}; injected so tests control it
   * @throws ConfigException if the file cannot be read or a variable is malformed
   */
  public static Map<String, String> load(Path file, Map<String, String> environment) {
    Map<String, String> merged = file == null ? new TreeMap<>() : readFile(file);
    merged.putAll(fromEnvironment(environment));
    return merged;
  }

  /** The configuration keys set by {@code environment} (other variables are ignored). */
  public static Map<String, String> fromEnvironment(Map<String, String> environment) {
    Map<String, String> keys = new TreeMap<>();
    environment.forEach(
        (variable, value) -> {
          String key = keyOf(variable);
          if (key != null) {
            keys.put(key, value);
          }
        });
    return keys;
  }

  /** The key a variable sets, or {@code null} when it is not a configuration variable. */
  static String keyOf(String variable) {
    if (variable.startsWith(PASS_THROUGH_PREFIX)) {
      String key = passThroughKey(variable.substring(PASS_THROUGH_PREFIX.length()));
      if (key.isEmpty() || key.startsWith(CommonConfig.PREFIX)) {
        throw new ConfigException(
            variable,
            "(environment)",
            key.isEmpty()
                ? "names no key"
                : "sets a nowcast.* key; use " + variableOf(key) + " instead");
      }
      return key;
    }
    if (variable.startsWith(DECLARED_PREFIX) && !LAUNCHER_VARIABLES.contains(variable)) {
      String name = variable.substring(DECLARED_PREFIX.length());
      return CommonConfig.PREFIX + name.toLowerCase(Locale.ROOT).replace('_', '.');
    }
    return null;
  }

  private static String passThroughKey(String name) {
    String[] parts = name.toLowerCase(Locale.ROOT).split("__", -1);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].replace('_', '.');
    }
    return String.join("_", parts);
  }

  /** The environment variable that sets {@code key}. */
  public static String variableOf(String key) {
    if (key.startsWith(CommonConfig.PREFIX)) {
      return DECLARED_PREFIX
          + key.substring(CommonConfig.PREFIX.length()).replace('.', '_').toUpperCase(Locale.ROOT);
    }
    return PASS_THROUGH_PREFIX + key.replace("_", "__").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist");
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
    }
    Map<String, String> keys = new TreeMap<>();
    properties.stringPropertyNames().forEach(name -> keys.put(name, properties.getProperty(name)));
    return keys;
  }
}
