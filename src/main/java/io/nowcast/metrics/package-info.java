/**
 * Operational metrics of the forecaster, as Micrometer meters.
 *
 * <p>{@link io.nowcast.metrics.NowcastMetrics} owns every {@code nowcast_*} meter named in the
 * design (forecasts, dead letters, skipped records by reason, refused and installed models,
 * re-warms, events without a model, the installed model version and the per-event step time) and
 * binds Kafka Streams' own metrics to the same registry. The HTTP layer exposes that registry in
 * Prometheus text format; the names are listed in {@code docs/operations-http.md}.
 *
 * <p>Meters are resolved once up front because the forecaster touches them on every event.
 */
package io.nowcast.metrics;
