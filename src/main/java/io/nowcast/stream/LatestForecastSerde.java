package io.nowcast.stream;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.GeneratedClassTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Values of the latest-forecast store: Avro's single-object encoding of {@link Forecast} (a
 * two-byte marker, the schema fingerprint, the binary record), with no schema registry. The store
 * and its changelog are internal, so they must not depend on the registry: with {@code
 * auto.register.schemas=false} a registry-framed serde would need a subject for the changelog that
 * nobody registers, and every forecast would fail.
 */
final class LatestForecastSerde {

  private LatestForecastSerde() {}

  static Serde<Forecast> create() {
    // Decoding loads the generated classes by name, which Avro allows only for trusted packages.
    GeneratedClassTrust.trustGeneratedSchemas();
    Serializer<Forecast> serializer =
        (topic, forecast) -> forecast == null ? null : encode(forecast);
    Deserializer<Forecast> deserializer =
        (topic, bytes) -> bytes == null ? null : decode(topic, bytes);
    return Serdes.serdeFrom(serializer, deserializer);
  }

  private static byte[] encode(Forecast forecast) {
    try {
      ByteBuffer buffer = forecast.toByteBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot encode the forecast of sensor " + forecast.getSensorId(), e);
    }
  }

  private static Forecast decode(String topic, byte[] bytes) {
    try {
      return Forecast.fromByteBuffer(ByteBuffer.wrap(bytes));
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot decode a stored Forecast of "
              + bytes.length
              + " bytes from "
              + topic
              + " (written by another Forecast schema?): "
              + e.getMessage(),
          e);
    }
  }
}
