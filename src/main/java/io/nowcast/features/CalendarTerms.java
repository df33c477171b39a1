package io.nowcast.features;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Which calendar terms the pipeline adds, and in which zone the wall clock is read. Each enabled
 * term contributes a sin and a cos input so that 23:59 and 00:00 (or Sunday and Monday) are close.
 *
 * @param hourOfDay add the time of day (fraction of the local day, to the second)
 * @param dayOfWeek add the local day of week (ISO, Monday first; whole days)
 * @param zone the zone whose wall clock is used; {@link ZoneOffset#UTC} by default
 */
public record CalendarTerms(boolean hourOfDay, boolean dayOfWeek, ZoneId zone) {

  public CalendarTerms {
    if (!hourOfDay && !dayOfWeek) {
      throw new IllegalArgumentException("calendar: at least one of hour, dow is required");
    }
    if (zone == null) {
      throw new IllegalArgumentException("calendar: zone is required");
    }
    // One spelling per zone, so that `@UTC`, `@Z` and the default compare equal.
    zone = isUtc(zone) ? ZoneOffset.UTC : zone;
  }

  private static boolean isUtc(ZoneId zone) {
    return zone.normalized().equals(ZoneOffset.UTC);
  }

  /** Number of network inputs: sin and cos per enabled term. */
  public int width() {
    return 2 * ((hourOfDay ? 1 : 0) + (dayOfWeek ? 1 : 0));
  }

  /** The canonical term, e.g. {@code calendar=hour+dow@Europe/Berlin}; UTC is not written. */
  @Override
  public String toString() {
    StringBuilder term = new StringBuilder("calendar=");
    if (hourOfDay) {
      term.append("hour");
    }
    if (dayOfWeek) {
      term.append(hourOfDay ? "+dow" : "dow");
    }
    if (!zone.equals(ZoneOffset.UTC)) {
      term.append('@').append(zone.getId());
    }
    return term.toString();
  }
}
