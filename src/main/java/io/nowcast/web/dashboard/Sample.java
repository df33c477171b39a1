package io.nowcast.web.dashboard;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.ForecastPoint;

/**
 * What the chart keeps of one forecast: the triggering actual and the step-1 forecast with its
 * band. Mean, lower and upper are NaN when the forecast has no steps.
 */
record Sample(
    long timestamp,
    double observed,
    long forecastTimestamp,
    double mean,
    double lower,
    double upper,
    long modelVersion) {

  static Sample of(Forecast forecast) {
    long timestamp = forecast.getTimestamp().toEpochMilli();
    if (forecast.getHorizon().isEmpty()) {
      return new Sample(
          timestamp,
          forecast.getObserved(),
          timestamp,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          forecast.getModelVersion());
    }
    ForecastPoint next = forecast.getHorizon().get(0);
    return new Sample(
        timestamp,
        forecast.getObserved(),
        next.getTimestamp().toEpochMilli(),
        next.getMean(),
        next.getLower(),
        next.getUpper(),
        forecast.getModelVersion());
  }
}
