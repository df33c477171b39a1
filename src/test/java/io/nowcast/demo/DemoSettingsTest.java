package io.nowcast.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoSettingsTest {

  @Test
  void defaultsAreLoopbackAndAMinuteBetweenModels() {
    DemoSettings settings = DemoSettings.of(8080, 3000);
    assertEquals("127.0.0.1", settings.host());
    assertEquals(Duration.ofSeconds(60), settings.trainerInterval());
  }

  @Test
  void badValuesAreRefusedNamingTheSetting() {
    assertEquals(
        "port must be 0..65535, was 70000",
        assertThrows(IllegalArgumentException.class, () -> DemoSettings.of(70_000, 1))
            .getMessage());
    assertEquals(
        "speed must be a positive finite factor, was 0.0",
        assertThrows(IllegalArgumentException.class, () -> DemoSettings.of(0, 0)).getMessage());
    assertEquals(
        "trainer interval must be positive, was PT0S",
        assertThrows(
                IllegalArgumentException.class,
                () -> new DemoSettings("127.0.0.1", 0, 1, Duration.ZERO))
            .getMessage());
  }
}
