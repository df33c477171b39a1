package io.nowcast.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "90, PT1M30S",
    "90s, PT1M30S",
    "15m, PT15M",
    "2h, PT2H",
    "1d, PT24H",
    "500ms, PT0.5S",
    "0, PT0S",
    "' 7d ', PT168H",
    "PT15M, PT15M",
    "P1DT2H, PT26H",
  })
  void acceptsNumbersUnitsAndIso(String text, String expected) {
    assertEquals(Duration.parse(expected), Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "abc", "15x", "1.5h", "-5s", "PT-5M", "15 m", "99999999999999999999d"})
  void errorsNameTheInput(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));

    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
  }

  @Test
  void nullIsRefusedWithTheAcceptedForms() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(null));

    assertTrue(e.getMessage().contains("PT15M"), e.getMessage());
  }
}
