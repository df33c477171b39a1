package io.nowcast.stream.errors;

/**
 * The forecaster's domain checks that send a record to the dead-letter topic, and the reasons they
 * write to the {@code nowcast.reason} header. Each check throws a {@link PoisonRecordException};
 * the processor simply lets it propagate.
 */
public final class DeadLetters {

  /** Reason: the value is NaN or infinite. */
  public static final String NON_FINITE_VALUE = "non_finite_value";

  /** Reason: the record has no (or an empty) sensor id. */
  public static final String MISSING_SENSOR_ID = "missing_sensor_id";

  /** Reason: the value's magnitude is beyond the configured plausible bound. */
  public static final String ABSURD_MAGNITUDE = "absurd_magnitude";

  /** Reason written by {@link DeadLetterDeserializationHandler}: the bytes could not be decoded. */
  public static final String DESERIALIZATION_FAILED = "deserialization_failed";

  /**
   * Reason written by {@link DeadLetterProcessingHandler} for any exception that is not a {@link
   * PoisonRecordException}.
   */
  public static final String PROCESSING_FAILED = "processing_failed";

  private DeadLetters() {}

  /**
   * Returns {@code value} when it is finite; throws a {@link #NON_FINITE_VALUE} poison otherwise.
   */
  public static double requireFinite(double value, String field, String sensorId) {
    if (!Double.isFinite(value)) {
      throw new PoisonRecordException(
          NON_FINITE_VALUE,
          "field '" + field + "' of sensor " + sensorId + " must be finite, got " + value);
    }
    return value;
  }

  /**
   * Returns {@code sensorId} when it is non-empty; throws a {@link #MISSING_SENSOR_ID} poison
   * otherwise.
   */
  public static String requireSensorId(String sensorId, String field) {
    if (sensorId == null || sensorId.isEmpty()) {
      throw new PoisonRecordException(
          MISSING_SENSOR_ID,
          "field '"
              + field
              + "' must hold a sensor id, got "
              + (sensorId == null ? "null" : "an empty string"));
    }
    return sensorId;
  }

  /**
   * Returns {@code value} when |value| ≤ {@code bound}; throws an {@link #ABSURD_MAGNITUDE} poison
   * otherwise.
   */
  public static double requirePlausible(double value, double bound, String field, String sensorId) {
    if (Math.abs(value) > bound) {
      throw new PoisonRecordException(
          ABSURD_MAGNITUDE,
          "field '"
              + field
              + "' of sensor "
              + sensorId
              + " must be within ±"
              + bound
              + ", got "
              + value);
    }
    return value;
  }
}
