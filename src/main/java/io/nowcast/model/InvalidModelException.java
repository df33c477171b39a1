package io.nowcast.model;

/**
 * A model that must not be served: an unreadable file, a bad import or a snapshot that fails
 * validation. The message names the field or tensor and gives the expected and the actual value, so
 * an operator can fix the source without reading our code. Unchecked because callers either report
 * it (commands) or refuse the model and keep the old one (the forecaster).
 */
public final class InvalidModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidModelException(String message) {
    super(message);
  }

  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
