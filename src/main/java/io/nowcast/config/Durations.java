package io.nowcast.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the duration syntax every {@code nowcast.*} duration key and command-line option accepts:
 * a whole number of seconds ({@code 90}), a whole number with a unit ({@code 500ms}, {@code 90s},
 * {@code 15m}, {@code 2h}, {@code 1d}) or ISO-8601 ({@code PT15M}, {@code P1DT2H}). Negative
 * durations are refused.
 */
public final class Durations {

  private static final Pattern NUMBER_WITH_UNIT = Pattern.compile("(\\d+)(ms|s|m|h|d)?");
  private static final String EXPECTED =
      "expected a whole number with an optional unit ms, s, m, h or d (90 = 90s, 15m, 500ms) or ISO-8601 (PT15M)";

  private Durations() {}

  /**
   * Parses {@code text} (surrounding spaces ignored).
   *
   * @throws IllegalArgumentException naming the input and the accepted forms
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("duration: " + EXPECTED + ", got nothing");
    }
    String trimmed = text.trim();
    Matcher matcher = NUMBER_WITH_UNIT.matcher(trimmed);
    try {
      Duration duration = matcher.matches() ? withUnit(matcher) : Duration.parse(trimmed);
      if (duration.isNegative()) {
        throw new IllegalArgumentException("duration '" + text + "' is negative");
      }
      return duration;
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("duration '" + text + "': " + EXPECTED, e);
    }
  }

  private static Duration withUnit(Matcher matcher) {
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "s" : matcher.group(2);
    switch (unit) {
      case "ms":
        return Duration.ofMillis(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      case "d":
        return Duration.ofDays(amount);
      default:
        return Duration.ofSeconds(amount);
    }
  }
}
