package io.nowcast.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nowcast.train.Series;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

  @Test
  void groupsPerKeyInTimeOrderKeepsTheNewestAndDropsDuplicates() {
    History history = new History();
    history.add("a", 3, 3.0);
    history.add("b", 1, 10.0);
    history.add("a", 1, 1.0);
    history.add("a", 2, 2.0);
    history.add("a", 2, 99.0); // duplicate timestamp: the first to arrive wins
    history.add("a", 4, 4.0);

    List<Series> series = history.toSeries(3);

    assertEquals(List.of("a", "b"), series.stream().map(Series::key).toList());
    Series a = series.get(0);
    assertArrayEquals(new double[] {2.0, 3.0, 4.0}, values(a));
    assertEquals(1, series.get(1).size());
  }

  private static double[] values(Series series) {
    double[] values = new double[series.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = series.value(i);
    }
    return values;
  }
}
