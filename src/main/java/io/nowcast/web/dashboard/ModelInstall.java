package io.nowcast.web.dashboard;

/**
 * The forecaster installed model {@code name} version {@code version} at wall-clock time {@code
 * atMillis}.
 */
record ModelInstall(String name, long version, long atMillis) {}
