/**
 * The forecaster: a Kafka Streams application that keeps one recurrent state per sensor and makes
 * one network step per reading.
 *
 * <p>{@link io.nowcast.stream.ForecasterApp} owns the lifecycle (configuration, metrics, HTTP
 * endpoints, Kafka Streams, shutdown). {@link io.nowcast.stream.ForecasterTopology} wires the
 * processors: {@code ReadingGate} refuses poison readings (they reach the dead-letter topic through
 * {@link io.nowcast.stream.errors}) and keys the rest by sensor id, re-keying through an internal
 * topic only the records whose key is not already their sensor id; {@code ForecastProcessor} loads
 * the sensor's {@link io.nowcast.engine.KeyState} from a changelogged RocksDB store, lets the
 * {@link io.nowcast.engine.ForecastEngine} step once and emits the forecast and accuracy reports.
 * Models arrive through a global store over the compacted models topic; {@link
 * io.nowcast.stream.ModelHolder} installs a snapshot only when it is valid and newer, so a corrupt
 * record never replaces a good model. {@link io.nowcast.stream.LatestForecasts} serves the latest
 * forecast per sensor to {@code GET /api/sensors/{id}}. See {@code docs/forecaster.md}.
 */
package io.nowcast.stream;
