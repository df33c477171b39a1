package io.nowcast.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.train.Series;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The primitive per-key store: grouping, ordering, the per-key cap and duplicates exactly as
 * before, the total budget with its priority-ordered sample, independence of arrival order, and the
 * bytes a reading costs.
 */
class HistoryTest {

  private static final KeySample SAMPLE = new KeySample(42, 7);

  /** One reading of a key as it arrives. */
  private record Arrival(String key, long timestamp, double value) {}

  @Test
  void groupsPerKeyInTimeOrderKeepsTheNewestAndDropsDuplicates() {
    History history = new History(SAMPLE, 1_000, 3, 1);
    history.add("a", 3, 3.0);
    history.add("b", 1, 10.0);
    history.add("a", 1, 1.0);
    history.add("a", 2, 2.0);
    history.add("a", 2, 99.0); // duplicate timestamp: the first to arrive wins
    history.add("a", 4, 4.0);

    List<Series> series = history.toSeries();

    assertEquals(List.of("a", "b"), series.stream().map(Series::key).toList());
    assertArrayEquals(new double[] {2.0, 3.0, 4.0}, values(series.get(0)));
    assertEquals(1, series.get(1).size());
    assertEquals(6, history.read());
    assertEquals(2, history.keysSeen());
    assertEquals(List.of(), history.toSeries(), "the columns were handed over");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void aLongKeyKeepsItsNewestDistinctReadingsInBoundedMemory(long seed) {
    Random random = new Random(seed);
    List<Arrival> arrivals = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      // Mostly in order, some late, some duplicated timestamps.
      long timestamp = random.nextInt(10) == 0 ? i - random.nextInt(500) : i;
      arrivals.add(new Arrival("k", timestamp, random.nextGaussian()));
    }
    int cap = 700;
    History history = new History(SAMPLE, 1_000_000, cap, 1);
    long heldMost = 0;
    for (Arrival arrival : arrivals) {
      history.add(arrival.key(), arrival.timestamp(), arrival.value());
      heldMost = Math.max(heldMost, history.peakBytes());
    }

    Series kept = history.toSeries().get(0);

    // The reference: a stable sort by time, the first of equal timestamps, the newest cap.
    TreeMap<Long, Double> firstPerTime = new TreeMap<>();
    for (Arrival arrival : arrivals) {
      firstPerTime.putIfAbsent(arrival.timestamp(), arrival.value());
    }
    List<Long> times = new ArrayList<>(firstPerTime.keySet());
    List<Long> newest = times.subList(times.size() - cap, times.size());
    assertEquals(cap, kept.size());
    for (int i = 0; i < cap; i++) {
      assertEquals(newest.get(i), kept.timestamp(i));
      assertEquals(firstPerTime.get(newest.get(i)), kept.value(i));
    }
    assertTrue(heldMost < 2 * cap * 16 + 1_000, "held at most " + heldMost + " bytes for " + cap);
  }

  @Test
  void aFleetLargerThanTheBudgetKeepsTheLowestPriorityKeysThatFitAndCountsTheRest() {
    List<Arrival> arrivals = fleet(50, 100);
    History history = new History(SAMPLE, 1_050, 10_000, 1);
    arrivals.forEach(a -> history.add(a.key(), a.timestamp(), a.value()));

    List<Series> series = history.toSeries();

    assertEquals(10, series.size(), "ten keys of 100 fit in 1050");
    assertEquals(1_000, series.stream().mapToLong(Series::size).sum());
    assertEquals(50, history.keysSeen());
    assertEquals(5_000, history.read());
    List<String> byPriority = new ArrayList<>();
    for (int k = 0; k < 50; k++) {
      byPriority.add("sensor-" + k);
    }
    byPriority.sort(
        Comparator.comparing(
            key -> SAMPLE.priority(SAMPLE.hash(key)), (a, b) -> Long.compareUnsigned(a, b)));
    List<String> expected = new ArrayList<>(byPriority.subList(0, 10));
    Collections.sort(expected);
    assertEquals(expected, series.stream().map(Series::key).toList());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void theSampleDoesNotDependOnTheOrderRecordsArriveIn(long seed) {
    List<Arrival> inOrder = fleet(40, 60);
    List<Arrival> shuffled = new ArrayList<>(inOrder);
    Collections.shuffle(shuffled, new Random(seed));

    List<Series> first = keep(inOrder, 1_000, 50);
    List<Series> second = keep(shuffled, 1_000, 50);

    assertEquals(first.size(), second.size());
    assertTrue(first.stream().mapToLong(Series::size).sum() <= 1_000, "within the budget");
    for (int i = 0; i < first.size(); i++) {
      assertEquals(first.get(i).key(), second.get(i).key());
      assertArrayEquals(values(first.get(i)), values(second.get(i)));
    }
  }

  @Test
  void aKeyCountsAtLeastTheMinimumSoTheSampleHoldsFewKeysAtOnce() {
    History history = new History(SAMPLE, 1_000, 10_000, 100);
    long heldMost = 0;
    for (int k = 0; k < 10_000; k++) {
      history.add("sensor-" + k, 0, k);
      heldMost = Math.max(heldMost, history.peakBytes());
    }

    List<Series> series = history.toSeries();

    assertEquals(10, series.size(), "1000 / 100 keys");
    assertEquals(10_000, history.keysSeen());
    // The seen-key table takes up to 32 bytes a key; 10,000 sampled keys would take 4 MB.
    assertTrue(heldMost < 10_000 * 32 + 20 * 1_000, heldMost + " bytes held at most");
  }

  @Test
  void aKeyLargerThanTheBudgetIsCutToTheBudget() {
    List<Series> series = keep(fleet(1, 500), 120, 10_000);

    assertEquals(120, series.get(0).size(), "the per-key cap is at most the budget");
  }

  @Test
  void valuesAreKeptExactlyAsTheForecasterSeesThem() {
    History history = new History(SAMPLE, 1_000, 1_000, 1);
    for (int i = 0; i < 100; i++) {
      history.add("meter", i, 1_234_567.0 + i * 0.01);
    }

    Series meter = history.toSeries().get(0);

    for (int i = 0; i < 100; i++) {
      assertEquals(1_234_567.0 + i * 0.01, meter.value(i), "reading " + i);
    }
  }

  @Test
  void aStoredReadingCostsSixteenBytesAndLittleMore() {
    History history = new History(SAMPLE, 1_000_000, 10_000, 1);
    fleet(100, 2_016).forEach(a -> history.add(a.key(), a.timestamp(), a.value()));

    double perReading = (double) history.peakBytes() / history.read();

    assertTrue(perReading >= 16 && perReading < 17, perReading + " bytes per reading");
  }

  private static List<Series> keep(List<Arrival> arrivals, int maxPoints, int perKey) {
    History history = new History(SAMPLE, maxPoints, perKey, 1);
    arrivals.forEach(a -> history.add(a.key(), a.timestamp(), a.value()));
    return history.toSeries();
  }

  /** {@code keys} sensors with {@code points} readings each, interleaved by time. */
  private static List<Arrival> fleet(int keys, int points) {
    List<Arrival> arrivals = new ArrayList<>();
    for (int t = 0; t < points; t++) {
      for (int k = 0; k < keys; k++) {
        arrivals.add(new Arrival("sensor-" + k, 1_000L * t, k + Math.sin(t / 10.0)));
      }
    }
    return arrivals;
  }

  private static double[] values(Series series) {
    double[] values = new double[series.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = series.value(i);
    }
    return values;
  }
}
