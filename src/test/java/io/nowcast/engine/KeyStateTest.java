package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.lstm;
import static io.nowcast.engine.EngineFixtures.series;
import static io.nowcast.engine.EngineFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.SensorReading;
import io.nowcast.nn.CellType;
import io.nowcast.nn.OutputKind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyStateTest {
  private static final KeyStateCodec CODEC = KeyStateCodec.latest();
  private static final String FEATURES = "value,dt,gap,calendar=hour+dow,cov=temp";

  @Test
  void storingAndLoadingBetweenEveryEventChangesNoOutput() {
    ServingModel v1 = lstm(FEATURES, 1);
    ServingModel v2 =
        EngineFixtures.model(
            "value,cov=humidity",
            CellType.GRU,
            new int[] {5},
            3,
            OutputKind.PROBABILISTIC,
            2,
            null);
    List<SensorReading> readings = series(90, 21);
    EngineSettings settings = new EngineSettings(16, 7, true, 0.8);
    ForecastEngine kept = new ForecastEngine(settings);
    ForecastEngine stored = new ForecastEngine(settings);
    KeyState live = null;
    byte[] blob = null;
    for (int i = 0; i < readings.size(); i++) {
      ServingModel model = i < 10 ? null : i < 50 ? v1 : v2;
      Outcome expected = kept.onReading(live, readings.get(i), model, 5);
      Outcome actual =
          stored.onReading(
              blob == null ? null : KeyStateCodec.decode(blob), readings.get(i), model, 5);
      assertEquals(expected.forecast(), actual.forecast(), "forecast " + i);
      assertEquals(expected.report(), actual.report(), "report " + i);
      assertEquals(expected.rewarmed(), actual.rewarmed(), "rewarmed " + i);
      live = expected.state();
      blob = CODEC.encode(actual.state());
      assertArrayEquals(CODEC.encode(live), blob, "state after event " + i);
    }
  }

  @Test
  void ringKeepsRawCovariatesAcrossTheBlob() {
    ForecastEngine engine = new ForecastEngine(settings(4));
    KeyState state = null;
    List<SensorReading> readings = series(16, 22);
    for (SensorReading reading : readings) {
      state = engine.onReading(state, reading, null, 0).state();
    }
    KeyState loaded = KeyStateCodec.decode(CODEC.encode(state));
    assertEquals(4, loaded.ring.size());
    for (int i = 0; i < 4; i++) {
      SensorReading reading = readings.get(12 + i);
      assertEquals(reading.getTimestamp().toEpochMilli(), loaded.ring.timestamp(i));
      assertEquals(reading.getValue(), loaded.ring.value(i));
      assertEquals(
          reading.getCovariates(), loaded.ring.covariates(i), "covariates of ring entry " + i);
    }
  }

  @Test
  void aSmallerConfiguredRingKeepsTheNewestObservations() {
    KeyState state = null;
    ForecastEngine wide = new ForecastEngine(settings(10));
    List<SensorReading> readings = series(12, 23);
    for (SensorReading reading : readings.subList(0, 11)) {
      state = wide.onReading(state, reading, null, 0).state();
    }
    KeyState narrowed =
        new ForecastEngine(settings(3)).onReading(state, readings.get(11), null, 0).state();
    assertEquals(3, narrowed.ring.capacity());
    assertEquals(3, narrowed.bufferedObservations());
    assertEquals(readings.get(9).getTimestamp().toEpochMilli(), narrowed.ring.timestamp(0));
    assertEquals(readings.get(11).getTimestamp().toEpochMilli(), narrowed.ring.timestamp(2));
  }

  @Test
  void unknownFormatVersionsAreRefusedNamingTheVersion() {
    byte[] blob = sampleBlob();
    blob[0] = 9;
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> KeyStateCodec.decode(blob));
    assertTrue(refused.getMessage().contains("unknown format version 9"), refused.getMessage());
    assertThrows(IllegalStateException.class, () -> KeyStateCodec.decode(new byte[0]));
  }

  @Test
  void everyTruncationIsRefusedWithAClearMessage() {
    byte[] blob = sampleBlob();
    for (int length = 1; length < blob.length; length++) {
      byte[] truncated = Arrays.copyOf(blob, length);
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class,
              () -> KeyStateCodec.decode(truncated),
              "prefix of " + length);
      assertTrue(refused.getMessage().startsWith("key state: "), refused.getMessage());
    }
    byte[] longer = Arrays.copyOf(blob, blob.length + 3);
    IllegalStateException trailing =
        assertThrows(IllegalStateException.class, () -> KeyStateCodec.decode(longer));
    assertTrue(trailing.getMessage().contains("3 unexpected bytes"), trailing.getMessage());
  }

  @Test
  void outOfRangeIntervalScalesAndProbesAreRefusedNamingTheField() {
    ServingModel model =
        EngineFixtures.model(
            "value", CellType.GRU, new int[] {3}, 3, OutputKind.PROBABILISTIC, 1, null);
    ForecastEngine engine = new ForecastEngine(settings(4));
    KeyState state = null;
    for (SensorReading reading : series(10, 25)) {
      state = engine.onReading(state, reading, model, 0).state();
    }
    byte[] blob = CODEC.encode(state);
    // The interval scales are the last section. For 3 steps: shared 8, S 4, steps 24, P 4,
    // clock 4, then 3 probes of 4 + 48 bytes.
    int tail = 8 + 4 + 24 + 4 + 4 + 3 * 52;
    byte[] badScale = blob.clone();
    ByteBuffer.wrap(badScale).putDouble(blob.length - tail, -1.0);
    IllegalStateException scale =
        assertThrows(IllegalStateException.class, () -> KeyStateCodec.decode(badScale));
    assertTrue(
        scale.getMessage().contains("interval scale must be a positive"), scale.getMessage());
    byte[] badProbe = blob.clone();
    ByteBuffer.wrap(badProbe).putInt(blob.length - 52, 7);
    IllegalStateException probe =
        assertThrows(IllegalStateException.class, () -> KeyStateCodec.decode(badProbe));
    assertTrue(probe.getMessage().contains("step 7 of probe 2"), probe.getMessage());
  }

  @Test
  void encodedSizeIsTheLengthOfTheBlobInEveryWrittenFormat() {
    KeyState state = KeyStateCodec.decode(sampleBlob());
    for (int format : new int[] {KeyStateCodec.PREVIOUS_FORMAT, KeyStateCodec.LATEST_FORMAT}) {
      KeyStateCodec codec = KeyStateCodec.writing(format);
      byte[] blob = codec.encode(state);
      assertEquals(blob.length, codec.encodedSize(state), "format " + format);
      assertEquals(format, blob[0], "format version byte");
    }
  }

  private static byte[] sampleBlob() {
    ServingModel model = lstm(FEATURES, 1);
    ForecastEngine engine = new ForecastEngine(new EngineSettings(6, 4, false, 0.8));
    KeyState state = null;
    List<SensorReading> readings = new ArrayList<>(series(20, 24));
    readings.add(
        EngineFixtures.reading(
            readings.get(19).getTimestamp().toEpochMilli() + 1, 3, Map.of("temp", 1.5)));
    for (SensorReading reading : readings) {
      state = engine.onReading(state, reading, model, 0).state();
    }
    return CODEC.encode(state);
  }
}
