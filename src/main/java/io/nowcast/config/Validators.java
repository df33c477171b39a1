package io.nowcast.config;

import io.nowcast.features.FeatureSpec;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The validators of our keys that Kafka does not provide. Each describes its valid values in {@code
 * toString()}, which {@code nowcast config} and the generated docs print.
 */
final class Validators {

  private Validators() {}

  /** A check that returns a problem description, or {@code null} when the value is fine. */
  @FunctionalInterface
  private interface Check {
    String problem(Object value);
  }

  private record Described(String validValues, Check check) implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String problem = check.problem(value);
      if (problem != null) {
        throw new ConfigException(
            name, asWritten(value), problem + " (valid: " + validValues + ")");
      }
    }

    @Override
    public String toString() {
      return validValues;
    }
  }

  /** Lists as the user wrote them ({@code a,b}), not as Java prints them ({@code [a, b]}). */
  private static Object asWritten(Object value) {
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    return value;
  }

  /** One of {@code choices}, ignoring case. */
  static ConfigDef.Validator oneOf(String... choices) {
    List<String> valid = List.of(choices);
    return new Described(
        String.join(", ", valid) + " (any case)",
        v -> {
          String text = ((String) v).trim().toLowerCase(Locale.ROOT);
          return valid.contains(text) ? null : "not one of the choices";
        });
  }

  /** A number strictly between 0 and 1. */
  static ConfigDef.Validator openUnitInterval() {
    return new Described(
        "(0, 1) exclusive", v -> (double) v > 0 && (double) v < 1 ? null : "out of range");
  }

  /** A positive finite number. */
  static ConfigDef.Validator positive() {
    return new Described(
        "> 0",
        v -> (double) v > 0 && Double.isFinite((double) v) ? null : "must be positive and finite");
  }

  /** Zero or a positive finite number. */
  static ConfigDef.Validator nonNegative() {
    return new Described(
        ">= 0",
        v -> (double) v >= 0 && Double.isFinite((double) v) ? null : "must be >= 0 and finite");
  }

  private static final ConfigDef.Validator DURATION =
      new Described(
          "90, 500ms, 90s, 15m, 2h, 1d or ISO-8601 (PT15M)",
          v -> {
            try {
              Durations.parse((String) v);
              return null;
            } catch (IllegalArgumentException e) {
              return e.getMessage();
            }
          });

  /** A duration as {@link Durations#parse} reads it (declared as a string key). */
  static ConfigDef.Validator duration() {
    return DURATION;
  }

  /** Whether a key holds a duration: its type is STRING but docs show "duration". */
  static boolean isDuration(ConfigDef.ConfigKey key) {
    return key.validator == DURATION;
  }

  /** A feature spec as {@link FeatureSpec#parse} reads it. */
  static ConfigDef.Validator featureSpec() {
    return new Described(
        "a feature spec, see docs/features.md (e.g. value,dt,gap,calendar=hour+dow)",
        v -> {
          try {
            FeatureSpec.parse((String) v);
            return null;
          } catch (IllegalArgumentException e) {
            return e.getMessage();
          }
        });
  }

  /** A non-empty list of positive integers, e.g. hidden units per layer. */
  static ConfigDef.Validator positiveIntegers() {
    return new Described(
        "comma-separated positive integers, e.g. 64,64",
        v -> {
          List<?> items = (List<?>) v;
          if (items.isEmpty()) {
            return "at least one value is required";
          }
          for (Object item : items) {
            if (!isPositiveInteger(String.valueOf(item))) {
              return "'" + item + "' is not a positive integer";
            }
          }
          return null;
        });
  }

  private static boolean isPositiveInteger(String text) {
    try {
      return Integer.parseInt(text.trim()) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Unset, or a non-empty list of non-blank, distinct names. */
  static ConfigDef.Validator optionalNameList() {
    return new Described(
        "unset, or comma-separated distinct non-empty names",
        v -> {
          if (v == null) {
            return null;
          }
          List<?> items = (List<?>) v;
          if (items.isEmpty()) {
            return "the list is empty; leave the key out instead";
          }
          if (items.stream().anyMatch(item -> String.valueOf(item).isBlank())) {
            return "a name is empty";
          }
          return items.stream().distinct().count() == items.size()
              ? null
              : "a name is listed twice";
        });
  }

  /** Unset, or a Java regular expression. */
  static ConfigDef.Validator optionalRegex() {
    return new Described(
        "unset, or a Java regular expression",
        v -> {
          if (v == null) {
            return null;
          }
          try {
            Pattern.compile((String) v);
            return null;
          } catch (PatternSyntaxException e) {
            return "not a regular expression: " + e.getDescription();
          }
        });
  }
}
