/**
 * {@code nowcast demo}: the whole product in one JVM for a first look. {@link io.nowcast.demo.Demo}
 * starts an embedded KRaft broker and an in-memory schema registry, replays NAB sensor series
 * bundled in the jar (a first chunk at once so the trainer has history, then accelerated, looping),
 * runs the trainer service on a short schedule and the forecaster, and serves the forecaster's
 * endpoints and the live dashboard on one loopback port.
 *
 * <p>Nothing here is new product logic: the pieces are the ones {@code broker}, {@code replay},
 * {@code trainer} and {@code forecaster} run in production; this package only chooses small demo
 * settings, wires the forecaster's output topics into the dashboard feed and prints a summary.
 * Every piece writes under temporary directories that {@link io.nowcast.demo.Demo#close()} deletes,
 * so each run starts clean.
 */
package io.nowcast.demo;
