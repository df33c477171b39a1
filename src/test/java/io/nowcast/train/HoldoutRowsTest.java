package io.nowcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HoldoutRowsTest {

  @Test
  void parsesStartAndEnd() {
    assertEquals(new HoldoutRows(8640, 11520), HoldoutRows.parse(" 8640 : 11520 "));
  }

  @Test
  void malformedTextIsRefusedQuotingIt() {
    for (String text : List.of("8640", "1:2:3", "a:5", "5:")) {
      IllegalArgumentException refused =
          assertThrows(IllegalArgumentException.class, () -> HoldoutRows.parse(text));
      assertTrue(refused.getMessage().contains("'" + text + "'"), refused.getMessage());
    }
  }

  @Test
  void bordersOutOfOrderAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new HoldoutRows(5, 4));
    assertThrows(IllegalArgumentException.class, () -> new HoldoutRows(-1, 4));
  }

  @Test
  void everySeriesIsCutAtEndAndSplitAtStartOrAtItsOwnEnd() {
    Series longer = series("long", 10);
    Series shorter = series("short", 6);

    List<Series.Split> splits = new HoldoutRows(4, 8).splits(List.of(longer, shorter));

    assertEquals(8, splits.get(0).series().size());
    assertEquals(4, splits.get(0).trainEnd());
    assertEquals(6, splits.get(1).series().size());
    assertEquals(4, splits.get(1).trainEnd());
    assertEquals(
        6, new HoldoutRows(7, 9).splits(List.of(shorter)).get(0).trainEnd(), "cut at its end");
  }

  private static Series series(String key, int size) {
    long[] times = new long[size];
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      times[i] = 60_000L * i;
      values[i] = i;
    }
    return Series.of(key, times, values);
  }
}
