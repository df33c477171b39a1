/**
 * {@code nowcast bench}: the end-to-end throughput and latency of the forecaster measured against a
 * stateful pass-through topology on an embedded broker, in one run.
 *
 * <p>Both topologies read the same preloaded SensorReadings with the same deserializer under
 * exactly-once v2, read and write a per-key state blob of the same size in RocksDB, keep a latest
 * forecast per key and emit a Forecast-sized Avro record; only the forecaster runs the feature
 * pipeline, the network step and the state encoding. Their throughputs are measured the same way (a
 * read_committed consumer counting output records), so the ratio isolates Nowcast's own cost. The
 * latency phase then feeds the running forecaster at a fixed rate and measures event time to
 * committed forecast. {@link io.nowcast.bench.EndToEndBench} orchestrates; the result is a {@link
 * io.nowcast.bench.BenchResult} with the JSON shape of the bench contract (docs/benchmarks.md).
 *
 * <p>{@code nowcast bench trainer} ({@link io.nowcast.bench.TrainerBench}) writes a seeded {@link
 * io.nowcast.bench.SyntheticFleet} into a broker in a child JVM ({@link
 * io.nowcast.bench.BrokerProcess}) and runs one trainer cycle with the defaults, reporting what was
 * read and kept, the training time and rate, the holdout scores and the heap the cycle needed
 * ({@link io.nowcast.bench.TrainerBenchResult}).
 */
package io.nowcast.bench;
