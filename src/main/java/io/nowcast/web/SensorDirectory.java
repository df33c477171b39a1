package io.nowcast.web;

import java.util.List;
import java.util.Optional;

/**
 * Where the {@code /api/sensors} routes read from. The forecaster implements it over its state
 * store; {@link StreamsSensorDirectory} adds forwarding to the instance that owns a key.
 *
 * <p>Implementations may throw {@link SensorLookupUnavailableException} when an answer cannot be
 * given right now (store rebalancing, owning instance unreachable); the HTTP layer turns that into
 * 503. Any other exception becomes a 500 with a JSON body.
 */
public interface SensorDirectory {

  /** Ids of the sensors this directory knows, sorted. */
  List<String> sensorIds();

  /** The sensor's latest forecast, or empty when the sensor is unknown. */
  Optional<SensorView> sensor(String sensorId);

  /**
   * The part of this directory that answers from this instance only, without asking other
   * instances; used to answer requests forwarded by another instance, so that a request is
   * forwarded at most once. A purely local directory returns itself.
   */
  default SensorDirectory localOnly() {
    return this;
  }
}
