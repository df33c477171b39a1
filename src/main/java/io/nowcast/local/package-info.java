/**
 * Local infrastructure: everything needed to run Nowcast on one machine without installing Kafka.
 *
 * <p>{@link io.nowcast.local.EmbeddedKafka} starts a real single-node KRaft broker inside the JVM
 * from the Kafka jars (the same code as a production broker, not a mock), for {@code nowcast
 * broker}, {@code nowcast demo} and the integration tests. {@link io.nowcast.local.Replay} turns a
 * CSV time series ({@link io.nowcast.local.CsvSeries}) into a stream of SensorReading records,
 * paced by a {@link io.nowcast.local.Pacing} policy, for {@code nowcast replay}, the demo and the
 * soak tests. Time in the replay is injected so that its pacing is tested without sleeping.
 */
package io.nowcast.local;
