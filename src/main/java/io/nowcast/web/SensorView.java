package io.nowcast.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The JSON answer of {@code GET /api/sensors/{id}}: a sensor's latest forecast and the model
 * version that made it. Field names are the public contract (snake_case, the Forecast schema's
 * names); times are epoch milliseconds.
 *
 * @param sensorId the sensor (the record key)
 * @param timestamp event time of the observation that triggered the forecast
 * @param observed the value of that observation
 * @param modelName name of the model that made the forecast
 * @param modelVersion version of that model
 * @param horizon one point per future step, step 1 first
 * @param intervalLevel nominal coverage of each point's [lower, upper], e.g. 0.8
 * @param producedAt wall-clock time the forecaster produced the forecast
 */
public record SensorView(
    @JsonProperty("sensor_id") String sensorId,
    @JsonProperty("timestamp") long timestamp,
    @JsonProperty("observed") double observed,
    @JsonProperty("model_name") String modelName,
    @JsonProperty("model_version") long modelVersion,
    @JsonProperty("horizon") List<Point> horizon,
    @JsonProperty("interval_level") double intervalLevel,
    @JsonProperty("produced_at") long producedAt) {

  /** Copies {@code horizon} so the view stays immutable. */
  public SensorView {
    horizon = List.copyOf(horizon);
  }

  /**
   * The forecast for one future step.
   *
   * @param step steps ahead; 1 is the next observation
   * @param timestamp expected event time of that observation
   * @param mean point forecast
   * @param lower lower interval bound
   * @param upper upper interval bound
   */
  public record Point(
      @JsonProperty("step") int step,
      @JsonProperty("timestamp") long timestamp,
      @JsonProperty("mean") double mean,
      @JsonProperty("lower") double lower,
      @JsonProperty("upper") double upper) {}
}
