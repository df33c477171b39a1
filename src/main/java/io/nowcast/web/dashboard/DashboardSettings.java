package io.nowcast.web.dashboard;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds and timings of a {@link DashboardFeed}. Every bound exists so that the feed's memory does
 * not grow with the length of the stream or the number of sensors.
 *
 * @param historyPoints points (one per forecast) kept per sensor for the chart; older ones are
 *     overwritten
 * @param maxSensors sensors tracked at most; forecasts of further sensors are counted and ignored
 * @param maxModelChanges model-version changes remembered per sensor (chart markers)
 * @param broadcastInterval how often pending updates are sent to the connected pages, coalesced
 *     into one event
 * @param maxPendingPoints forecasts buffered between two broadcasts; beyond it the pages are told
 *     to reload
 * @param clientQueueEvents events queued per page; a page that falls further behind is told to
 *     reload
 * @param heartbeat idle time after which a comment is sent, which also detects closed pages
 */
public record DashboardSettings(
    int historyPoints,
    int maxSensors,
    int maxModelChanges,
    Duration broadcastInterval,
    int maxPendingPoints,
    int clientQueueEvents,
    Duration heartbeat) {

  /**
   * 600 points per sensor, 500 sensors, 16 changes, 250 ms broadcasts, 20 000 pending points, 16
   * queued events, 5 s heartbeat.
   */
  public static DashboardSettings defaults() {
    return new DashboardSettings(
        600, 500, 16, Duration.ofMillis(250), 20_000, 16, Duration.ofSeconds(5));
  }

  /** Validates every bound, naming the one that is wrong. */
  public DashboardSettings {
    requirePositive("historyPoints", historyPoints);
    requirePositive("maxSensors", maxSensors);
    requirePositive("maxModelChanges", maxModelChanges);
    requirePositive("maxPendingPoints", maxPendingPoints);
    requirePositive("clientQueueEvents", clientQueueEvents);
    requirePositive(
        "broadcastInterval",
        Objects.requireNonNull(broadcastInterval, "broadcastInterval").toMillis());
    requirePositive("heartbeat", Objects.requireNonNull(heartbeat, "heartbeat").toMillis());
  }

  /** The same settings with another number of points per sensor. */
  public DashboardSettings withHistoryPoints(int points) {
    return new DashboardSettings(
        points,
        maxSensors,
        maxModelChanges,
        broadcastInterval,
        maxPendingPoints,
        clientQueueEvents,
        heartbeat);
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          "dashboard setting " + name + " must be positive, got " + value);
    }
  }
}
