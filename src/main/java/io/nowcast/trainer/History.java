package io.nowcast.trainer;

import io.nowcast.train.Series;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The readings of one history window grouped per key. Keys keep first-appearance order so that the
 * same topics give the same series list (and, with the same seed, the same model).
 */
final class History {

  /** One reading: event time (ms) and value. */
  record Point(long timestamp, double value) {}

  private final Map<String, List<Point>> byKey = new LinkedHashMap<>();
  private int unreadable;

  void add(String key, long timestamp, double value) {
    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Point(timestamp, value));
  }

  /**
   * Counts a record that could not be used (undecodable, unmapped, tombstone or non-finite value).
   */
  void countUnreadable() {
    unreadable++;
  }

  int unreadable() {
    return unreadable;
  }

  boolean isEmpty() {
    return byKey.isEmpty();
  }

  int keys() {
    return byKey.size();
  }

  /**
   * One series per key in event-time order, keeping at most {@code maxPointsPerKey} of the newest
   * readings; of readings with equal timestamps only the first to arrive is kept.
   */
  List<Series> toSeries(int maxPointsPerKey) {
    List<Series> series = new ArrayList<>(byKey.size());
    byKey.forEach((key, points) -> series.add(seriesOf(key, points, maxPointsPerKey)));
    return series;
  }

  private static Series seriesOf(String key, List<Point> points, int maxPointsPerKey) {
    List<Point> sorted = new ArrayList<>(points);
    // Stable sort: of two readings with the same timestamp the first to arrive is kept, as the
    // forecaster keeps it.
    sorted.sort(Comparator.comparingLong(Point::timestamp));
    List<Point> distinct = new ArrayList<>(sorted.size());
    for (Point point : sorted) {
      if (distinct.isEmpty() || point.timestamp() > distinct.get(distinct.size() - 1).timestamp()) {
        distinct.add(point);
      }
    }
    // Duplicates go before the cap, so that the cap counts distinct readings.
    List<Point> newest =
        distinct.subList(Math.max(0, distinct.size() - maxPointsPerKey), distinct.size());
    long[] times = new long[newest.size()];
    double[] values = new double[newest.size()];
    for (int i = 0; i < newest.size(); i++) {
      times[i] = newest.get(i).timestamp();
      values[i] = newest.get(i).value();
    }
    return Series.of(key, times, values);
  }
}
