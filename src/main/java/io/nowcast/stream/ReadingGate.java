package io.nowcast.stream;

import io.nowcast.avro.SensorReading;
import io.nowcast.engine.SkipReason;
import io.nowcast.metrics.NowcastMetrics;
import io.nowcast.stream.errors.DeadLetters;
import io.nowcast.stream.errors.PoisonRecordException;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Refuses readings no model should see and keys the rest by their sensor id. A missing or empty
 * sensor id, a NaN or infinite value, a value beyond {@code nowcast.value.max.abs}, or an event
 * time too far ahead of / behind the wall clock throws a {@link PoisonRecordException}, which the
 * dead-letter handler turns into a dead letter. A null value (a tombstone) carries no reading: it
 * is dropped and counted as a skip ({@code nowcast_records_skipped_total{reason="tombstone"}}), not
 * dead-lettered, because deleting a key is a legitimate thing for a producer to do, yet every input
 * record must show up in a counter.
 */
final class ReadingGate implements Processor<byte[], SensorReading, String, SensorReading> {

  /** Dead-letter reason: the event time is further ahead of the wall clock than allowed. */
  static final String TIMESTAMP_IN_FUTURE = "timestamp_in_future";

  /** Dead-letter reason: the event time is further behind the wall clock than allowed. */
  static final String TIMESTAMP_TOO_OLD = "timestamp_too_old";

  private final ReadingLimits limits;
  private final NowcastMetrics metrics;
  private ProcessorContext<String, SensorReading> context;

  ReadingGate(ReadingLimits limits, NowcastMetrics metrics) {
    this.limits = limits;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, SensorReading> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], SensorReading> record) {
    SensorReading reading = record.value();
    if (reading == null) {
      metrics.recordSkipped(SkipReason.TOMBSTONE);
      return;
    }
    String sensorId = DeadLetters.requireSensorId(reading.getSensorId(), "sensor_id");
    DeadLetters.requireFinite(reading.getValue(), "value", sensorId);
    DeadLetters.requirePlausible(reading.getValue(), limits.maxAbsValue(), "value", sensorId);
    requireRecentEnough(
        sensorId, reading.getTimestamp().toEpochMilli(), context.currentSystemTimeMs());
    context.forward(record.withKey(sensorId));
  }

  private void requireRecentEnough(String sensorId, long eventTime, long now) {
    long future = limits.maxFutureMillis();
    if (future > 0 && eventTime - now > future) {
      throw new PoisonRecordException(
          TIMESTAMP_IN_FUTURE,
          "timestamp of sensor "
              + sensorId
              + " must be at most "
              + future
              + " ms after the wall clock "
              + Instant.ofEpochMilli(now)
              + ", got "
              + Instant.ofEpochMilli(eventTime));
    }
    long past = limits.maxPastMillis();
    if (past > 0 && now - eventTime > past) {
      throw new PoisonRecordException(
          TIMESTAMP_TOO_OLD,
          "timestamp of sensor "
              + sensorId
              + " must be at most "
              + past
              + " ms before the wall clock "
              + Instant.ofEpochMilli(now)
              + ", got "
              + Instant.ofEpochMilli(eventTime));
    }
  }
}
