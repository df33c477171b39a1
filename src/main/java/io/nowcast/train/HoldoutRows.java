package io.nowcast.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Explicit holdout rows [start, end) applied to every series alike (0-based, counted after
 * duplicate and out-of-order rows are dropped), e.g. the ETT protocol's validation rows 8640:11520.
 * Rows from {@code end} on are left out entirely, so a protocol's test rows never reach training; a
 * series shorter than a border is cut at its own end.
 *
 * @param start first holdout row
 * @param end first row after the holdout
 */
public record HoldoutRows(int start, int end) {

  public HoldoutRows {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "holdout rows " + start + ":" + end + ": expected 0 <= START <= END");
    }
  }

  /** Parses {@code START:END}, e.g. {@code 8640:11520}. */
  public static HoldoutRows parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("holdout rows '" + text + "': expected START:END");
    }
    try {
      return new HoldoutRows(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "holdout rows '" + text + "': START and END must be whole numbers", e);
    }
  }

  /** Each series cut at {@code end} and split at {@code start}. */
  public List<Series.Split> splits(List<Series> series) {
    List<Series.Split> splits = new ArrayList<>(series.size());
    for (Series one : series) {
      splits.add(one.head(Math.min(end, one.size())).splitAt(Math.min(start, one.size())));
    }
    return splits;
  }
}
