package io.nowcast.web;

/**
 * A sensor lookup cannot be answered right now: the store is not queryable (Kafka Streams is
 * rebalancing or not running) or the instance owning the key did not answer. Served as 503.
 */
public class SensorLookupUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what was looked up and why it failed, e.g. which instance did not answer
   */
  public SensorLookupUnavailableException(String message) {
    super(message);
  }

  /**
   * @param message what was looked up and why it failed
   * @param cause the underlying failure
   */
  public SensorLookupUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
