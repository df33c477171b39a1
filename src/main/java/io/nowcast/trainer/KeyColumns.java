package io.nowcast.trainer;

import io.nowcast.train.Series;
import java.util.Arrays;

/**
 * One key's readings in primitive columns, in arrival order until compacted: the timestamps as a
 * {@code long[]} and every value column as a {@code float[]} of offsets from the column's first
 * value (a {@code double}), so a reading costs 12 bytes and keeps a precision of 2⁻²⁴ of the key's
 * range in the window rather than of its magnitude (a meter counting near 10⁶ keeps its fractions).
 * Column 0 is the reading's value; covariates are further columns of the same kind.
 *
 * <p>At most {@code cap} readings are kept, the newest: when {@code cap + slack} have arrived the
 * columns are compacted (sorted by time, stably, so that of equal timestamps the first to arrive
 * stays, as the forecaster keeps it; later duplicates dropped; then cut to the newest {@code cap}),
 * so a key never holds more than {@code cap + slack} readings whatever its history.
 */
final class KeyColumns {

  /** Bytes of the object, its arrays' headers and its map entries, besides the readings. */
  static final int OVERHEAD_BYTES = 160;

  private static final int INITIAL_CAPACITY = 16;

  private final String key;
  private final long priority;
  private final int cap;
  private final int floor;
  private final int limit;
  private long[] times;
  private double[] values;
  private int size;
  private long arrivals;

  /**
   * @param cap newest readings kept
   * @param floor readings the key counts against the budget however few it has (at most cap)
   */
  KeyColumns(String key, long priority, int cap, int floor) {
    this.key = key;
    this.priority = priority;
    this.cap = cap;
    this.floor = Math.min(floor, cap);
    this.limit = cap + Math.max(INITIAL_CAPACITY, cap / 8);
    int capacity = Math.min(INITIAL_CAPACITY, limit);
    this.times = new long[capacity];
    this.values = new double[capacity];
  }

  String key() {
    return key;
  }

  long priority() {
    return priority;
  }

  /**
   * Readings this key counts against the budget: those arrived, at most {@code cap} and at least
   * {@code floor}. Never decreases.
   */
  int accounted() {
    return (int) Math.max(floor, Math.min(arrivals, cap));
  }

  void append(long timestamp, double value) {
    if (size == limit) {
      compact();
    }
    if (size == times.length) {
      grow();
    }
    times[size] = timestamp;
    values[size] = value;
    size++;
    arrivals++;
  }

  /** Bytes held: the columns' capacity plus {@link #OVERHEAD_BYTES} and the key's chars. */
  long bytes() {
    return OVERHEAD_BYTES + 2L * key.length() + 8L * times.length + 8L * values.length;
  }

  /** The key's newest {@code cap} distinct readings as a series, in time order. */
  Series toSeries() {
    compact();
    return Series.of(key, Arrays.copyOf(times, size), Arrays.copyOf(values, size));
  }

  private void grow() {
    int capacity = (int) Math.min(limit, Math.max(times.length + 1L, times.length * 3L / 2));
    times = Arrays.copyOf(times, capacity);
    values = Arrays.copyOf(values, capacity);
  }

  /** Sorts by time (stably), drops later duplicates, keeps the newest {@code cap}. */
  private void compact() {
    int[] order = sortedOrder();
    int kept = 0;
    long[] sortedTimes = new long[size];
    int[] source = new int[size];
    for (int i = 0; i < size; i++) {
      int at = order == null ? i : order[i];
      if (kept > 0 && times[at] == sortedTimes[kept - 1]) {
        continue;
      }
      sortedTimes[kept] = times[at];
      source[kept] = at;
      kept++;
    }
    int from = Math.max(0, kept - cap);
    int newSize = kept - from;
    values = gather(values, source, from, newSize);
    System.arraycopy(sortedTimes, from, times, 0, newSize);
    size = newSize;
  }

  /** A column of the same capacity holding {@code column[source[from + i]]} at i < size. */
  private static double[] gather(double[] column, int[] source, int from, int size) {
    double[] gathered = new double[column.length];
    for (int i = 0; i < size; i++) {
      gathered[i] = column[source[from + i]];
    }
    return gathered;
  }

  /** The indices in stable time order, or null when the readings are in order already. */
  private int[] sortedOrder() {
    boolean ordered = true;
    for (int i = 1; i < size && ordered; i++) {
      ordered = times[i] >= times[i - 1];
    }
    if (ordered) {
      return null;
    }
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    mergeSort(order, new int[size], 0, size);
    return order;
  }

  /** Stable merge sort of index[from, to) by {@link #times}. */
  private void mergeSort(int[] index, int[] scratch, int from, int to) {
    if (to - from < 2) {
      return;
    }
    int middle = (from + to) >>> 1;
    mergeSort(index, scratch, from, middle);
    mergeSort(index, scratch, middle, to);
    int left = from;
    int right = middle;
    for (int out = from; out < to; out++) {
      boolean takeLeft =
          right >= to || (left < middle && times[index[left]] <= times[index[right]]);
      scratch[out] = takeLeft ? index[left++] : index[right++];
    }
    System.arraycopy(scratch, from, index, from, to - from);
  }
}
