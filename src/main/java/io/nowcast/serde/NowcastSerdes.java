package io.nowcast.serde;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/** Ready-configured serdes, the way the forecaster and the trainer obtain them. */
public final class NowcastSerdes {

  private NowcastSerdes() {}

  /**
   * A configured serde of the generated class {@code type}, e.g. {@code
   * NowcastSerdes.specific(SensorReading.class, Map.of("schema.registry.url", url), false)}.
   */
  public static <T extends SpecificRecord> AvroSerde<T> specific(
      Class<T> type, Map<String, ?> registryConfig, boolean isKey) {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(registryConfig, isKey);
    return serde;
  }

  /** A configured serde of {@code GenericRecord}s read with their writer schema. */
  public static AvroSerde<GenericRecord> generic(Map<String, ?> registryConfig, boolean isKey) {
    AvroSerde<GenericRecord> serde = new AvroSerde<>();
    serde.configure(registryConfig, isKey);
    return serde;
  }
}
