package io.nowcast.features;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * UTC offset lookup for one zone without allocation: {@link ZoneRules#getOffset(Instant)} needs an
 * {@code Instant} per call, so the transitions between 1900 and 2200 are tabulated once and
 * binary-searched. Outside that range (never in practice) the rules are asked directly. Immutable.
 */
final class ZoneClock {

  private static final long FIRST_SECOND = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
  private static final long LAST_SECOND = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();

  private final ZoneRules rules;

  /** Instants (epoch seconds) at which the offset changes, ascending. */
  private final long[] transitions;

  /** {@code offsets[i]} applies before {@code transitions[i]} and from {@code transitions[i-1]}. */
  private final int[] offsets;

  ZoneClock(ZoneId zone) {
    rules = zone.getRules();
    List<ZoneOffsetTransition> found = new ArrayList<>();
    ZoneOffsetTransition next = rules.nextTransition(Instant.ofEpochSecond(FIRST_SECOND));
    while (next != null && next.toEpochSecond() <= LAST_SECOND) {
      found.add(next);
      next = rules.nextTransition(next.getInstant());
    }
    transitions = new long[found.size()];
    offsets = new int[found.size() + 1];
    offsets[0] = rules.getOffset(Instant.ofEpochSecond(FIRST_SECOND)).getTotalSeconds();
    for (int i = 0; i < found.size(); i++) {
      transitions[i] = found.get(i).toEpochSecond();
      offsets[i + 1] = found.get(i).getOffsetAfter().getTotalSeconds();
    }
  }

  /** Offset from UTC in seconds at the given instant. */
  int offsetSeconds(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000L);
    if (second < FIRST_SECOND || second > LAST_SECOND) {
      return rules.getOffset(Instant.ofEpochSecond(second)).getTotalSeconds();
    }
    int found = Arrays.binarySearch(transitions, second);
    // At a transition instant the new offset already applies.
    return found >= 0 ? offsets[found + 1] : offsets[-found - 1];
  }
}
