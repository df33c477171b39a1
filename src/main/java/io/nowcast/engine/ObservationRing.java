package io.nowcast.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The last W raw observations of one key (timestamp, value, covariates), oldest first. Raw rather
 * than featurised so that a model with a different feature spec can re-warm from them.
 *
 * <p>Binary form (see {@code docs/state-format.md}): capacity and size as unsigned shorts; the
 * covariate names used by any entry, sorted, as a varint count and length-prefixed UTF-8 strings;
 * then, when non-empty, the first timestamp (8 bytes) and per entry: the timestamp delta to the
 * previous entry as a varint (not for the first), the value (8 bytes), the varint number of
 * covariates and per covariate its varint name index and value (8 bytes). Sorting the names makes
 * the bytes independent of map iteration order.
 */
final class ObservationRing implements StatePart {
  private static final Map<String, Double> NONE = Map.of();

  private long[] timestamps;
  private double[] values;
  private Map<String, Double>[] covariates;

  /** Slot of the oldest entry. */
  private int start;

  private int size;

  ObservationRing(int capacity) {
    allocate(capacity);
  }

  @SuppressWarnings("unchecked")
  private void allocate(int capacity) {
    timestamps = new long[capacity];
    values = new double[capacity];
    covariates = new Map[capacity];
    start = 0;
    size = 0;
  }

  /** Empties the ring at {@code capacity}, reusing its arrays when the capacity is the same. */
  private void clear(int capacity) {
    if (capacity != timestamps.length) {
      allocate(capacity);
      return;
    }
    Arrays.fill(covariates, null);
    start = 0;
    size = 0;
  }

  int capacity() {
    return timestamps.length;
  }

  int size() {
    return size;
  }

  private int slot(int i) {
    int slot = start + i;
    return slot >= timestamps.length ? slot - timestamps.length : slot;
  }

  /** Timestamp of the {@code i}-th entry, 0 = oldest. */
  long timestamp(int i) {
    return timestamps[slot(i)];
  }

  double value(int i) {
    return values[slot(i)];
  }

  /** Covariates of the {@code i}-th entry; empty (never null) when it had none. */
  Map<String, Double> covariates(int i) {
    Map<String, Double> map = covariates[slot(i)];
    return map == null ? NONE : map;
  }

  /** Appends an observation, evicting the oldest when full (nothing is kept at capacity 0). */
  void add(long timestamp, double value, Map<String, Double> covariateValues) {
    int capacity = timestamps.length;
    if (capacity == 0) {
      return;
    }
    int slot;
    if (size < capacity) {
      slot = slot(size);
      size++;
    } else {
      slot = start;
      start = slot(1);
    }
    timestamps[slot] = timestamp;
    values[slot] = value;
    covariates[slot] = copyOf(covariateValues);
  }

  /**
   * Null for no covariates (the common case allocates nothing); else a private copy without null
   * values.
   */
  private static Map<String, Double> copyOf(Map<String, Double> map) {
    if (map == null || map.isEmpty()) {
      return null;
    }
    Map<String, Double> copy = new HashMap<>(map.size() * 2);
    map.forEach(
        (name, value) -> {
          if (name != null && value != null) {
            copy.put(name, value);
          }
        });
    return copy.isEmpty() ? null : copy;
  }

  /** Changes the capacity, keeping the newest entries that fit. */
  void resize(int capacity) {
    if (capacity == timestamps.length) {
      return;
    }
    long[] oldTimestamps = new long[size];
    double[] oldValues = new double[size];
    List<Map<String, Double>> oldCovariates = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      oldTimestamps[i] = timestamp(i);
      oldValues[i] = value(i);
      oldCovariates.add(covariates[slot(i)]);
    }
    allocate(capacity);
    for (int i = Math.max(0, oldTimestamps.length - capacity); i < oldTimestamps.length; i++) {
      int slot = size++;
      timestamps[slot] = oldTimestamps[i];
      values[slot] = oldValues[i];
      covariates[slot] = oldCovariates.get(i);
    }
  }

  /** Covariate names used by any entry, sorted; empty for the usual key without covariates. */
  List<String> covariateNames() {
    TreeSet<String> names = null;
    for (int i = 0; i < size; i++) {
      Map<String, Double> map = covariates[slot(i)];
      if (map != null) {
        if (names == null) {
          names = new TreeSet<>();
        }
        names.addAll(map.keySet());
      }
    }
    return names == null ? List.of() : List.copyOf(names);
  }

  /** Bytes {@link #writeTo} writes now. */
  @Override
  public int encodedSize() {
    List<String> names = covariateNames();
    int bytes = 2 * Short.BYTES + Varints.size(names.size());
    for (String name : names) {
      int length = name.getBytes(StandardCharsets.UTF_8).length;
      bytes += Varints.size(length) + length;
    }
    if (size > 0) {
      bytes += Long.BYTES;
    }
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        bytes += Varints.size(timestamp(i) - timestamp(i - 1));
      }
      bytes += Double.BYTES + covariatesSize(covariates(i), names);
    }
    return bytes;
  }

  private static int covariatesSize(Map<String, Double> map, List<String> names) {
    int bytes = Varints.size(map.size());
    for (int n = 0; n < names.size(); n++) {
      if (map.containsKey(names.get(n))) {
        bytes += Varints.size(n) + Double.BYTES;
      }
    }
    return bytes;
  }

  @Override
  public void writeTo(ByteBuffer out) {
    List<String> names = covariateNames();
    out.putShort((short) capacity()).putShort((short) size);
    Varints.write(out, names.size());
    for (String name : names) {
      byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
      Varints.write(out, utf8.length);
      out.put(utf8);
    }
    if (size > 0) {
      out.putLong(timestamp(0));
    }
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        Varints.write(out, timestamp(i) - timestamp(i - 1));
      }
      out.putDouble(value(i));
      writeCovariates(out, covariates(i), names);
    }
  }

  private static void writeCovariates(ByteBuffer out, Map<String, Double> map, List<String> names) {
    Varints.write(out, map.size());
    for (int n = 0; n < names.size(); n++) {
      Double value = map.get(names.get(n));
      if (value != null) {
        Varints.write(out, n);
        out.putDouble(value);
      }
    }
  }

  /**
   * Replaces the contents with what {@link #writeTo} wrote, reusing the arrays when the capacity is
   * the same.
   */
  @Override
  public void readFrom(ByteBuffer in) {
    int capacity = Short.toUnsignedInt(in.getShort());
    int entries = Short.toUnsignedInt(in.getShort());
    if (entries > capacity) {
      throw new IllegalStateException(
          "key state: ring size " + entries + " exceeds its capacity " + capacity);
    }
    String[] names = readNames(in);
    clear(capacity);
    long timestamp = entries > 0 ? in.getLong() : 0;
    for (int i = 0; i < entries; i++) {
      if (i > 0) {
        timestamp += readPositiveDelta(in, i);
      }
      double value = in.getDouble();
      add(timestamp, value, readCovariates(in, names, i));
    }
  }

  private static String[] readNames(ByteBuffer in) {
    String[] names = new String[bounded(in, in.remaining(), "ring covariate name count", -1)];
    for (int n = 0; n < names.length; n++) {
      byte[] utf8 = new byte[bounded(in, in.remaining(), "ring covariate name length", n)];
      in.get(utf8);
      names[n] = new String(utf8, StandardCharsets.UTF_8);
    }
    return names;
  }

  private static long readPositiveDelta(ByteBuffer in, int entry) {
    long delta = Varints.read(in);
    if (delta <= 0) {
      throw new IllegalStateException(
          "key state: ring entry " + entry + " timestamp delta must be positive, was " + delta);
    }
    return delta;
  }

  /** A varint in [0, max]; the message names the field and, when {@code index >= 0}, which one. */
  private static int bounded(ByteBuffer in, long max, String field, int index) {
    long value = Varints.read(in);
    if (!Varints.inRange(value, max)) {
      String which = index >= 0 ? field + " " + index : field;
      throw new IllegalStateException(
          "key state: " + which + " must be in 0.." + max + ", was " + value);
    }
    return (int) value;
  }

  private static Map<String, Double> readCovariates(ByteBuffer in, String[] names, int entry) {
    int count = bounded(in, names.length, "covariate count of ring entry", entry);
    if (count == 0) {
      return null;
    }
    Map<String, Double> map = new HashMap<>(count * 2);
    for (int c = 0; c < count; c++) {
      int index = bounded(in, names.length - 1L, "covariate name index of ring entry", entry);
      map.put(names[index], in.getDouble());
    }
    return map;
  }
}
