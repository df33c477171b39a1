package io.nowcast.trainer;

import io.nowcast.train.Series;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The readings of one history window that a cycle keeps, decided record by record while reading, so
 * that memory stays within the budget however large the fleet.
 *
 * <p>Every key counts {@code min(readings arrived, cap)} against the budget {@code maxPoints}, cap
 * being {@code min(nowcast.trainer.max.points.per.key, maxPoints)}, and at least {@code
 * nowcast.trainer.min.points.per.key} (a key with fewer is not trained on anyway): so the sample
 * never holds more than {@code maxPoints ÷ min.points.per.key} keys at once, even while a fleet of
 * millions arrives one reading per key at a time. Keys enter the sample in {@link KeySample}
 * priority order: a key arriving while the sample is over budget pushes out the keys of highest
 * priority, and a key pushed out lowers a ceiling above which no key is admitted any more. Counts
 * only grow while reading, so a key pushed out could never have fitted later, and the sample at the
 * end is exactly the longest run of keys, in priority order, whose counts fit the budget: the same
 * whatever order the records arrive in. Every key is counted ({@link SeenKeys}), sampled or not;
 * only sampled keys keep readings ({@link KeyColumns}).
 */
final class History {

  private final KeySample sample;
  private final int maxPoints;
  private final int cap;
  private final int minPointsPerKey;
  private final Map<String, KeyColumns> sampled = new HashMap<>();
  private final TreeSet<KeyColumns> byPriority =
      new TreeSet<>((a, b) -> KeySample.compare(a.priority(), a.key(), b.priority(), b.key()));
  private final SeenKeys seen = new SeenKeys();
  private boolean capped;
  private long ceiling;
  private long accounted;
  private long read;
  private long unreadable;
  private long recordBytes;
  private long peakBytes;
  private long bytes;

  /**
   * @param maxPoints readings kept over all keys
   * @param maxPointsPerKey newest readings kept per key
   * @param minPointsPerKey readings a key counts against the budget however few it has
   */
  History(KeySample sample, int maxPoints, int maxPointsPerKey, int minPointsPerKey) {
    if (maxPoints < 1 || maxPointsPerKey < 1 || minPointsPerKey < 1) {
      throw new IllegalArgumentException(
          "maxPoints, maxPointsPerKey and minPointsPerKey must be >= 1, were "
              + maxPoints
              + ", "
              + maxPointsPerKey
              + ", "
              + minPointsPerKey);
    }
    this.sample = sample;
    this.maxPoints = maxPoints;
    this.cap = Math.min(maxPoints, maxPointsPerKey);
    this.minPointsPerKey = minPointsPerKey;
  }

  /** One usable reading; kept when its key is in the sample. */
  void add(String key, long timestamp, double value) {
    read++;
    KeyColumns columns = sampled.get(key);
    if (columns == null) {
      long hash = sample.hash(key);
      seen.add(hash);
      long priority = sample.priority(hash);
      if (capped && Long.compareUnsigned(priority, ceiling) >= 0) {
        return;
      }
      columns = new KeyColumns(key, priority, cap, minPointsPerKey);
      sampled.put(key, columns);
      byPriority.add(columns);
      bytes += columns.bytes();
      accounted += columns.accounted();
    }
    int before = columns.accounted();
    long bytesBefore = columns.bytes();
    columns.append(timestamp, value);
    accounted += columns.accounted() - before;
    bytes += columns.bytes() - bytesBefore;
    while (accounted > maxPoints) {
      evictHighestPriority();
    }
    peakBytes = Math.max(peakBytes, bytes + seen.bytes());
  }

  private void evictHighestPriority() {
    KeyColumns evicted = byPriority.pollLast();
    sampled.remove(evicted.key());
    accounted -= evicted.accounted();
    bytes -= evicted.bytes();
    capped = true;
    ceiling = evicted.priority();
  }

  /**
   * Counts a record that could not be used (undecodable, unmapped, tombstone or non-finite value).
   */
  void countUnreadable() {
    unreadable++;
  }

  /** Counts the serialized size of a record read (key and value). */
  void countRecordBytes(long size) {
    recordBytes += size;
  }

  long unreadable() {
    return unreadable;
  }

  /** Usable readings read, sampled or not. */
  long read() {
    return read;
  }

  /** Serialized bytes of the records read. */
  long recordBytes() {
    return recordBytes;
  }

  /** The most this history held at once, in bytes: the sampled keys' columns and the seen keys. */
  long peakBytes() {
    return peakBytes;
  }

  boolean isEmpty() {
    return read == 0;
  }

  /** Distinct keys seen, sampled or not. */
  int keysSeen() {
    return seen.size();
  }

  /** The rotation the sample was drawn for. */
  long rotation() {
    return sample.rotation();
  }

  int maxPoints() {
    return maxPoints;
  }

  /**
   * One series per sampled key, in key order, each its newest readings (at most the per-key cap) in
   * event-time order; of readings with equal timestamps only the first to arrive is kept. The
   * history gives its columns up: a second call returns nothing.
   */
  List<Series> toSeries() {
    List<KeyColumns> keys = new ArrayList<>(sampled.values());
    keys.sort((a, b) -> a.key().compareTo(b.key()));
    sampled.clear();
    byPriority.clear();
    List<Series> series = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      series.add(keys.get(i).toSeries());
      // Let each key's columns go as soon as its series exists.
      keys.set(i, null);
    }
    return series;
  }
}
