package io.nowcast.local;

import io.nowcast.avro.SensorReading;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Sends readings to a topic keyed by sensor id, with the event time as the record timestamp (so
 * time-based retention and the trainer's history window follow the data, not the replay). Sends are
 * asynchronous; {@link #flush()} waits for them and raises the first failure.
 */
public final class TopicSink implements Consumer<SensorReading> {

  private final Producer<String, SensorReading> producer;
  private final String topic;
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

  public TopicSink(Producer<String, SensorReading> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  @Override
  public void accept(SensorReading reading) {
    ProducerRecord<String, SensorReading> record =
        new ProducerRecord<>(
            topic, null, reading.getTimestamp().toEpochMilli(), reading.getSensorId(), reading);
    producer.send(
        record,
        (metadata, error) -> {
          if (error != null) {
            firstFailure.compareAndSet(null, error);
          }
        });
  }

  /** Waits for every send so far; throws the first failure, if any. */
  public void flush() {
    producer.flush();
    Exception failure = firstFailure.get();
    if (failure != null) {
      throw new KafkaException("Sending to topic '" + topic + "' failed: " + failure, failure);
    }
  }
}
