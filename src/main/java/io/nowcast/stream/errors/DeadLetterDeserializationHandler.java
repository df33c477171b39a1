package io.nowcast.stream.errors;

import io.nowcast.metrics.NowcastMetrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records whose key or value cannot be deserialised to the dead-letter topic (reason {@value
 * DeadLetters#DESERIALIZATION_FAILED}), counts them and resumes with the next record. Configure
 * with {@code deserialization.exception.handler}; settings in {@link DeadLetterConfig}.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

  private DeadLetterRecords records;
  private NowcastMetrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    DeadLetterConfig config = DeadLetterConfig.from(configs);
    records = new DeadLetterRecords(config.topic(), config.maxValueBytes());
    metrics = config.metrics();
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    LOG.warn(
        "Dead-lettering undecodable record {}-{}@{}: {}",
        context.topic(),
        context.partition(),
        context.offset(),
        exception.toString());
    metrics.deadLettered();
    return Response.resume(
        List.of(
            records.build(
                context,
                record.key(),
                record.value(),
                record.headers(),
                exception,
                DeadLetters.DESERIALIZATION_FAILED)));
  }
}
