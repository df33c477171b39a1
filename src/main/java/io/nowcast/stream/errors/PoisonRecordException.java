package io.nowcast.stream.errors;

import java.util.regex.Pattern;

/**
 * A record the forecaster refuses on domain grounds (non-finite value, missing sensor id, absurd
 * magnitude). Thrown from a processor, it reaches {@link DeadLetterProcessingHandler}, which writes
 * the record to the dead-letter topic with {@link #reason()} in the {@code nowcast.reason} header
 * and carries on with the next record. Build them with {@link DeadLetters}.
 */
public class PoisonRecordException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private static final Pattern REASON = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final String reason;

  /**
   * @param reason short machine-readable reason, lower snake case (e.g. {@code non_finite_value})
   * @param message what is wrong with the record, for people
   */
  public PoisonRecordException(String reason, String message) {
    super(message);
    if (reason == null || !REASON.matcher(reason).matches()) {
      throw new IllegalArgumentException(
          "dead-letter reason must be lower snake case, 1-64 chars [a-z0-9_], got '"
              + reason
              + "'");
    }
    this.reason = reason;
  }

  /** The machine-readable reason written to the {@code nowcast.reason} header. */
  public String reason() {
    return reason;
  }
}
