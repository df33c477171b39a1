package io.nowcast.serde;

/**
 * A registry call failed: the registry answered with an error, or could not be reached. {@link
 * #httpStatus()} is 0 when no answer arrived.
 */
public class SchemaRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Confluent's error code for an unknown subject. */
  public static final int SUBJECT_NOT_FOUND = 40401;

  /** Confluent's error code for an unknown version. */
  public static final int VERSION_NOT_FOUND = 40402;

  /** Confluent's error code for an unknown schema id. */
  public static final int SCHEMA_NOT_FOUND = 40403;

  /** Confluent's error code for an incompatible schema (Apicurio sends 0 with the 409). */
  public static final int INCOMPATIBLE_SCHEMA = 409;

  private final int httpStatus;
  private final int errorCode;

  /** An error answer from the registry. */
  public SchemaRegistryException(String message, int httpStatus, int errorCode) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** No usable answer (connection refused, timeout, unreadable body). */
  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = 0;
    this.errorCode = 0;
  }

  /** HTTP status of the answer, 0 when the registry was not reached. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The registry's error code (e.g. 40403), 0 when none was given. */
  public int errorCode() {
    return errorCode;
  }

  /** Whether the registry answered "not found" (subject, version or schema). */
  public boolean notFound() {
    return httpStatus == 404;
  }
}
