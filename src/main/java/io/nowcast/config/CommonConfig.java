package io.nowcast.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the forecaster and the trainer share: the keys both read (input topics, models topic, model
 * name), the rule that unknown {@code nowcast.*} keys are errors, and the pass-through of every
 * other key (Kafka, Streams, security, schema registry) to the Kafka clients.
 *
 * <p>Keys declared by other packages (e.g. the input mapping of {@code io.nowcast.serde}) are
 * merged in by passing their {@link ConfigDef} to the subclass constructors.
 */
public abstract class CommonConfig extends AbstractConfig {

  /** Every key this project declares starts with this prefix; everything else passes through. */
  public static final String PREFIX = "nowcast.";

  static final String GROUP_COMMON = "Common";

  /** Input topics to read (comma-separated); exactly one of this and {@link #INPUT_PATTERN}. */
  public static final String INPUT_TOPICS = "nowcast.input.topics";

  /** Regular expression of input topic names; exactly one of this and {@link #INPUT_TOPICS}. */
  public static final String INPUT_PATTERN = "nowcast.input.pattern";

  /** The compacted topic of ModelSnapshots. */
  public static final String MODELS_TOPIC = "nowcast.models.topic";

  /** The model name served (forecaster) or trained and published (trainer). */
  public static final String MODEL_NAME = "nowcast.model.name";

  protected CommonConfig(ConfigDef definition, Map<?, ?> originals, Set<String> knownKeys) {
    super(definition, rejectUnknownKeys(originals, knownKeys), false);
    requireExactlyOneInput();
  }

  /** Adds the shared keys to {@code definition}; returns it. */
  static ConfigDef define(ConfigDef definition) {
    KeyDeclarer keys = new KeyDeclarer(definition, GROUP_COMMON);
    keys.add(
        INPUT_TOPICS,
        ConfigDef.Type.LIST,
        null,
        Validators.optionalNameList(),
        "Topics of sensor readings, comma-separated. Exactly one of "
            + INPUT_TOPICS
            + " and "
            + INPUT_PATTERN
            + " must be set.");
    keys.add(
        INPUT_PATTERN,
        ConfigDef.Type.STRING,
        null,
        Validators.optionalRegex(),
        "Java regular expression matching the input topics (new matching topics are picked up). Exactly one of "
            + INPUT_TOPICS
            + " and "
            + INPUT_PATTERN
            + " must be set.");
    keys.add(
        MODELS_TOPIC,
        ConfigDef.Type.STRING,
        "nowcast.models",
        new ConfigDef.NonEmptyString(),
        "Compacted topic of ModelSnapshots, keyed by model name and version.");
    keys.add(
        MODEL_NAME,
        ConfigDef.Type.STRING,
        "default",
        new ConfigDef.NonEmptyString(),
        "Name of the model: the forecaster serves its highest valid version, the trainer publishes under it.");
    return definition;
  }

  private static Map<?, ?> rejectUnknownKeys(Map<?, ?> originals, Set<String> knownKeys) {
    for (Map.Entry<?, ?> entry : originals.entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (key.startsWith(PREFIX) && !knownKeys.contains(key)) {
        throw new ConfigException(
            key,
            entry.getValue(),
            "unknown key (set in the properties file or as environment variable "
                + ConfigLoader.variableOf(key)
                + "); `nowcast config` lists every declared key");
      }
    }
    return originals;
  }

  private void requireExactlyOneInput() {
    boolean topics = getList(INPUT_TOPICS) != null;
    boolean pattern = getString(INPUT_PATTERN) != null;
    if (topics == pattern) {
      String found =
          topics
              ? "both are: " + getList(INPUT_TOPICS) + " and '" + getString(INPUT_PATTERN) + "'"
              : "neither is";
      throw new ConfigException(
          "exactly one of " + INPUT_TOPICS + " and " + INPUT_PATTERN + " must be set, " + found);
    }
  }

  /** The configured input topics, or an empty list when a pattern is configured instead. */
  public List<String> inputTopics() {
    List<String> topics = getList(INPUT_TOPICS);
    return topics == null ? List.of() : List.copyOf(topics);
  }

  /** The input topic pattern, when configured instead of a list. */
  public Optional<Pattern> inputPattern() {
    return Optional.ofNullable(getString(INPUT_PATTERN)).map(Pattern::compile);
  }

  public String modelsTopic() {
    return getString(MODELS_TOPIC);
  }

  public String modelName() {
    return getString(MODEL_NAME);
  }

  /**
   * Every original key that is not a {@code nowcast.*} key, untouched: Kafka, Streams, security and
   * schema-registry settings for the clients this process creates.
   */
  public Map<String, Object> kafkaProperties() {
    Map<String, Object> passThrough = new HashMap<>();
    originals()
        .forEach(
            (key, value) -> {
              if (!key.startsWith(PREFIX)) {
                passThrough.put(key, value);
              }
            });
    return passThrough;
  }

  /** Every {@code nowcast.*} key name of {@code definitions}, for the unknown-key check. */
  static Set<String> keyNames(ConfigDef... definitions) {
    Set<String> names = new TreeSet<>();
    for (ConfigDef definition : definitions) {
      names.addAll(definition.names());
    }
    return names;
  }

  /**
   * Copies every key of {@code extras} into {@code definition}; a key declared twice is an error.
   */
  static ConfigDef merge(ConfigDef definition, ConfigDef... extras) {
    for (ConfigDef extra : extras) {
      extra.configKeys().values().forEach(definition::define);
    }
    return definition;
  }
}
