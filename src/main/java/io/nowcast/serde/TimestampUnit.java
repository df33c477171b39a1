package io.nowcast.serde;

import java.util.Arrays;

/** How a foreign record's timestamp field is written ({@code nowcast.input.timestamp.unit}). */
public enum TimestampUnit {
  /**
   * A number of milliseconds since the epoch (Avro {@code long}, possibly {@code
   * timestamp-millis}).
   */
  MILLIS("ms"),
  /** A number of seconds since the epoch; fractions are kept to the millisecond. */
  SECONDS("s"),
  /** An ISO-8601 instant string with a zone offset, e.g. {@code 2024-03-01T12:00:00.250+01:00}. */
  ISO("iso");

  private final String configName;

  TimestampUnit(String configName) {
    this.configName = configName;
  }

  /** The value of this unit in configuration. */
  public String configName() {
    return configName;
  }

  /** Parses {@code ms}, {@code s} or {@code iso}. */
  public static TimestampUnit parse(String name) {
    for (TimestampUnit unit : values()) {
      if (unit.configName.equalsIgnoreCase(name.trim())) {
        return unit;
      }
    }
    throw new IllegalArgumentException(
        "Unknown "
            + SerdeConfig.INPUT_TIMESTAMP_UNIT
            + " '"
            + name
            + "'; expected one of "
            + Arrays.stream(values()).map(TimestampUnit::configName).toList());
  }
}
