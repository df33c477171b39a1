package io.nowcast.serde;

import java.util.Locale;

/**
 * Confluent's compatibility levels; BACKWARD means new readers can read data of the previous
 * version.
 */
public enum CompatibilityLevel {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE;

  /** Parses a level name case-insensitively, failing with the accepted names. */
  public static CompatibilityLevel parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Unknown compatibility level '"
              + name
              + "'; expected one of "
              + java.util.Arrays.toString(values()),
          e);
    }
  }

  /** Whether a new schema must be able to read data written with older ones. */
  boolean checksBackward() {
    return this == BACKWARD
        || this == BACKWARD_TRANSITIVE
        || this == FULL
        || this == FULL_TRANSITIVE;
  }

  /** Whether older schemas must be able to read data written with a new one. */
  boolean checksForward() {
    return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
  }

  /** Whether the check runs against every earlier version rather than only the latest. */
  boolean transitive() {
    return name().endsWith("_TRANSITIVE");
  }
}
