package io.nowcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeriesTest {

  @Test
  void dropsReadingsNotNewerThanThePreviousOne() {
    Series series = Series.of("s", new long[] {10, 20, 20, 15, 30}, new double[] {1, 2, 3, 4, 5});

    assertEquals(3, series.size());
    assertEquals(2, series.dropped());
    assertEquals(30, series.timestamp(2));
    assertEquals(5, series.value(2));
  }

  @Test
  void splitsTheMostRecentFractionOffAsHoldout() {
    Series series = TrainingFixtures.ar2("s", 100, 1, 1);

    Series.Split split = series.split(0.2);

    assertEquals(80, split.trainEnd());
    assertEquals(20, split.holdoutSize());
    assertEquals(80, split.train().size());
    assertEquals(series.value(79), split.train().value(79));
  }

  @Test
  void refusesNonFiniteValuesAndMismatchedArraysNamingTheKey() {
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> Series.of("pump-7", new long[] {1, 2}, new double[] {1, Double.NaN}));
    IllegalArgumentException lengths =
        assertThrows(
            IllegalArgumentException.class,
            () -> Series.of("pump-7", new long[] {1, 2}, new double[] {1}));

    assertTrue(
        nan.getMessage().contains("pump-7") && nan.getMessage().contains("index 1"),
        nan.getMessage());
    assertTrue(lengths.getMessage().contains("expected 2 values"), lengths.getMessage());
  }
}
