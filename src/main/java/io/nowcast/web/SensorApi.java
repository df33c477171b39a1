package io.nowcast.web;

/**
 * Paths and headers of the sensor API, shared by the server routes and {@link RemoteSensorClient}.
 */
public final class SensorApi {

  /** {@code GET}: JSON array of sensor ids. */
  public static final String SENSORS_PATH = "/api/sensors";

  /**
   * Request header set by an instance that forwards a lookup to another one. An instance that
   * receives it answers from its local store only and never forwards again, so two instances with
   * disagreeing metadata (during a rebalance) cannot bounce a request between them.
   */
  public static final String FORWARDED_HEADER = "X-Nowcast-Forwarded";

  private SensorApi() {}
}
