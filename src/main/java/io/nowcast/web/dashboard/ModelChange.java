package io.nowcast.web.dashboard;

/**
 * A sensor's forecasts switched from one model version to another at event time {@code timestamp}.
 */
record ModelChange(long timestamp, long fromVersion, long toVersion) {}
