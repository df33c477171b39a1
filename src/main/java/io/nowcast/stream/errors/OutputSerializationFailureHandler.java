package io.nowcast.stream.errors;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails the task, without a dead letter, when one of the forecaster's own outputs (a forecast, an
 * accuracy report, a re-keyed reading, a state-store change) cannot be serialised. Such a failure
 * is not the input's fault: our outputs are built by our code from checked readings, so it is the
 * schema registry failing (unreachable, or a transient error) or a bug. Kafka's default handler
 * would also fail, but would first queue a dead letter of the input, which then reads as if the
 * input were bad. Failing the task under {@code exactly_once_v2} aborts the open transaction; the
 * forecaster's uncaught-exception policy replaces the stream thread and the input is processed
 * again from the last commit, so the forecast is neither lost nor duplicated. {@link
 * DeadLetterProcessingHandler} applies the same policy when the failure reaches it.
 *
 * <p>Errors while sending (after serialisation) keep Kafka's default treatment: retried when
 * retriable, else the task fails. Configure with {@code production.exception.handler}.
 */
public final class OutputSerializationFailureHandler extends DefaultProductionExceptionHandler {

  private static final Logger LOG =
      LoggerFactory.getLogger(OutputSerializationFailureHandler.class);

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    LOG.error(
        "Cannot serialise the {} of an output to topic {} while processing {}-{}@{}; failing the task so "
            + "that it is processed again from the last commit (not dead-lettered: the input is not at fault)",
        origin == SerializationExceptionOrigin.KEY ? "key" : "value",
        record.topic(),
        context.topic(),
        context.partition(),
        context.offset(),
        exception);
    return Response.fail();
  }
}
