package io.nowcast.engine;

/**
 * Why the engine skipped an input record without advancing a sensor's state; also the value of the
 * {@code reason} label on {@code nowcast_records_skipped_total}.
 *
 * <p>Add a constant here (not a free-form string at the call site) so every reason has a counter
 * registered up front and dashboards see it at zero before it first happens.
 */
public enum SkipReason {
  /** The event's timestamp equals the sensor's last processed timestamp. */
  DUPLICATE("duplicate"),
  /** The event's timestamp is older than the sensor's last processed timestamp. */
  OUT_OF_ORDER("out_of_order"),
  /**
   * The input record had a null value (a Kafka tombstone), so there is no reading. The engine never
   * returns this reason: the forecaster's input check counts it before the engine is reached, so
   * that every input record is accounted for as a forecast, a counted skip or a dead letter.
   */
  TOMBSTONE("tombstone");

  private final String label;

  SkipReason(String label) {
    this.label = label;
  }

  /** The label value exposed in the {@code reason} tag. */
  public String label() {
    return label;
  }
}
