package io.nowcast.stream.errors;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Builds the dead-letter record for a failed input record: the original key, value (capped) and
 * headers, plus headers describing the failure. The cause headers use the same names as Kafka
 * Streams' built-in dead-letter records, so tools written for those read ours too.
 */
public final class DeadLetterRecords {

  /** Class name of the exception. */
  public static final String EXCEPTION_HEADER = "__streams.errors.exception";

  /** Its message (capped at {@value #MAX_MESSAGE_CHARS} characters). */
  public static final String MESSAGE_HEADER = "__streams.errors.message";

  /** Its stack trace (capped at {@value #MAX_STACK_TRACE_CHARS} characters). */
  public static final String STACK_TRACE_HEADER = "__streams.errors.stacktrace";

  /** Topic the failed record was read from. */
  public static final String TOPIC_HEADER = "__streams.errors.topic";

  /** Its partition, decimal. */
  public static final String PARTITION_HEADER = "__streams.errors.partition";

  /** Its offset, decimal. */
  public static final String OFFSET_HEADER = "__streams.errors.offset";

  /** Short machine-readable reason, e.g. {@code non_finite_value}; see {@link DeadLetters}. */
  public static final String REASON_HEADER = "nowcast.reason";

  /** Present ("true") only when the copied value was cut to the configured cap. */
  public static final String TRUNCATED_HEADER = "nowcast.truncated";

  /** Size in bytes of the original value, decimal; present only with {@link #TRUNCATED_HEADER}. */
  public static final String ORIGINAL_SIZE_HEADER = "nowcast.original.value.bytes";

  static final int MAX_MESSAGE_CHARS = 4 * 1024;
  static final int MAX_STACK_TRACE_CHARS = 16 * 1024;

  private final String topic;
  private final int maxValueBytes;

  /**
   * @param topic the dead-letter topic
   * @param maxValueBytes cap on the copied value
   */
  public DeadLetterRecords(String topic, int maxValueBytes) {
    this.topic = topic;
    this.maxValueBytes = maxValueBytes;
  }

  /**
   * The dead letter for the record that failed in {@code context}.
   *
   * @param originalHeaders the failed record's headers, copied first
   * @param reason machine-readable reason for {@link #REASON_HEADER}
   */
  public ProducerRecord<byte[], byte[]> build(
      ErrorHandlerContext context,
      byte[] key,
      byte[] value,
      Headers originalHeaders,
      Exception exception,
      String reason) {
    Headers headers = new RecordHeaders();
    if (originalHeaders != null) {
      for (Header header : originalHeaders) {
        headers.add(header);
      }
    }
    addCause(headers, context, exception, reason);
    byte[] copiedValue = value;
    if (value != null && value.length > maxValueBytes) {
      copiedValue = Arrays.copyOf(value, maxValueBytes);
      add(headers, TRUNCATED_HEADER, "true");
      add(headers, ORIGINAL_SIZE_HEADER, Integer.toString(value.length));
    }
    // ProducerRecord refuses negative timestamps; let the producer stamp those.
    Long timestamp = context.timestamp() >= 0 ? context.timestamp() : null;
    return new ProducerRecord<>(topic, null, timestamp, key, copiedValue, headers);
  }

  private static void addCause(
      Headers headers, ErrorHandlerContext context, Exception exception, String reason) {
    add(headers, EXCEPTION_HEADER, exception.getClass().getName());
    add(headers, MESSAGE_HEADER, cap(String.valueOf(exception.getMessage()), MAX_MESSAGE_CHARS));
    add(headers, STACK_TRACE_HEADER, cap(stackTrace(exception), MAX_STACK_TRACE_CHARS));
    add(headers, TOPIC_HEADER, String.valueOf(context.topic()));
    add(headers, PARTITION_HEADER, Integer.toString(context.partition()));
    add(headers, OFFSET_HEADER, Long.toString(context.offset()));
    add(headers, REASON_HEADER, reason);
  }

  private static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String stackTrace(Exception exception) {
    StringWriter out = new StringWriter();
    exception.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  private static String cap(String text, int maxChars) {
    return text.length() <= maxChars ? text : text.substring(0, maxChars);
  }
}
