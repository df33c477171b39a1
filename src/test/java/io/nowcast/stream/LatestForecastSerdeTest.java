package io.nowcast.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.ForecastPoint;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The latest-forecast store's registry-free value format. */
class LatestForecastSerdeTest {

  private static final String CHANGELOG = "app-nowcast-latest-forecasts-changelog";
  private final Serde<Forecast> serde = LatestForecastSerde.create();

  @Test
  void aForecastRoundTripsAndNullStaysNull() {
    Instant at = Instant.parse("2026-03-01T00:00:00Z");
    Forecast forecast =
        new Forecast(
            "room-a",
            at,
            21.5,
            "fleet",
            7L,
            List.of(new ForecastPoint(1, at.plusSeconds(60), 21.75, 21.0, 22.5)),
            0.8,
            at.plusMillis(123));

    assertEquals(
        forecast,
        serde
            .deserializer()
            .deserialize(CHANGELOG, serde.serializer().serialize(CHANGELOG, forecast)));
    assertNull(serde.serializer().serialize(CHANGELOG, null));
    assertNull(serde.deserializer().deserialize(CHANGELOG, null));
  }

  @Test
  void foreignBytesFailNamingTheTopicAndSize() {
    SerializationException error =
        assertThrows(
            SerializationException.class,
            () -> serde.deserializer().deserialize(CHANGELOG, new byte[] {0, 1, 2}));

    assertTrue(
        error.getMessage().contains(CHANGELOG) && error.getMessage().contains("3 bytes"),
        error.getMessage());
  }
}
