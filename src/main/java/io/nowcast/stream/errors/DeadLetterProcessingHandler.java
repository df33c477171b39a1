package io.nowcast.stream.errors;

import io.nowcast.metrics.NowcastMetrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records whose processing threw to the dead-letter topic, counts them and resumes with the
 * next record, except when what threw is the serialisation of one of our own outputs: then the task
 * fails and the record is processed again from the last commit (see {@link
 * OutputSerializationFailureHandler}). The reason is the {@link PoisonRecordException}'s own (found
 * anywhere in the cause chain) or {@value DeadLetters#PROCESSING_FAILED}. The copied key and value
 * are the raw bytes of the source record that led to the failure. Configure with {@code
 * processing.exception.handler} (and {@code processing.exception.handler.global.enabled=true} for
 * global stores); settings in {@link DeadLetterConfig}.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

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
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (isOutputSerializationFailure(exception)) {
      // Not the input's fault (see OutputSerializationFailureHandler): fail the task so that
      // exactly-once processing retries the record instead of losing its forecast.
      LOG.error(
          "Failing the task: an output of record {}-{}@{} could not be serialised at processor {}",
          context.topic(),
          context.partition(),
          context.offset(),
          context.processorNodeId(),
          exception);
      return Response.fail();
    }
    String reason = reasonOf(exception);
    LOG.warn(
        "Dead-lettering record {}-{}@{} at processor {} ({}): {}",
        context.topic(),
        context.partition(),
        context.offset(),
        context.processorNodeId(),
        reason,
        exception.toString());
    metrics.deadLettered();
    return Response.resume(
        List.of(
            records.build(
                context,
                context.sourceRawKey(),
                context.sourceRawValue(),
                context.headers(),
                exception,
                reason)));
  }

  /**
   * Whether {@code exception} is the failure to serialise one of our outputs: a Kafka {@link
   * SerializationException} somewhere in the cause chain (input decoding failures never get here,
   * they go to {@link DeadLetterDeserializationHandler}) and no domain refusal.
   */
  static boolean isOutputSerializationFailure(Throwable exception) {
    boolean serialization = false;
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof PoisonRecordException) {
        return false;
      }
      serialization |= t instanceof SerializationException;
    }
    return serialization;
  }

  static String reasonOf(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof PoisonRecordException) {
        return ((PoisonRecordException) t).reason();
      }
    }
    return DeadLetters.PROCESSING_FAILED;
  }
}
