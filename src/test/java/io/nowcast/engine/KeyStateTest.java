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
              blob == null ? null : KeyState.fromBytes(blob), readings.get(i), model, 5);
      assertEquals(expected.forecast(), actual.forecast(), "forecast " + i);
      assertEquals(expected.report(), actual.report(), "report " + i);
      assertEquals(expected.rewarmed(), actual.rewarmed(), "rewarmed " + i);
      live = expected.state();
      blob = actual.state().toBytes();
      assertArrayEquals(live.toBytes(), blob, "state after event " + i);
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
    KeyState loaded = KeyState.fromBytes(state.toBytes());
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
        assertThrows(IllegalStateException.class, () -> KeyState.fromBytes(blob));
    assertTrue(refused.getMessage().contains("unknown format version 9"), refused.getMessage());
    assertThrows(IllegalStateException.class, () -> KeyState.fromBytes(new byte[0]));
  }

  @Test
  void everyTruncationIsRefusedWithAClearMessage() {
    byte[] blob = sampleBlob();
    for (int length = 1; length < blob.length; length++) {
      byte[] truncated = Arrays.copyOf(blob, length);
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class,
              () -> KeyState.fromBytes(truncated),
              "prefix of " + length);
      assertTrue(refused.getMessage().startsWith("key state: "), refused.getMessage());
    }
    byte[] longer = Arrays.copyOf(blob, blob.length + 3);
    IllegalStateException trailing =
        assertThrows(IllegalStateException.class, () -> KeyState.fromBytes(longer));
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
    byte[] blob = state.toBytes();
    // Tail of v2 for 3 steps: shared 8, S 4, steps 24, P 4, clock 4, then 3 probes of 4 + 48 bytes.
    int tail = 8 + 4 + 24 + 4 + 4 + 3 * 52;
    byte[] badScale = blob.clone();
    ByteBuffer.wrap(badScale).putDouble(blob.length - tail, -1.0);
    IllegalStateException scale =
        assertThrows(IllegalStateException.class, () -> KeyState.fromBytes(badScale));
    assertTrue(
        scale.getMessage().contains("interval scale must be a positive"), scale.getMessage());
    byte[] badProbe = blob.clone();
    ByteBuffer.wrap(badProbe).putInt(blob.length - 52, 7);
    IllegalStateException probe =
        assertThrows(IllegalStateException.class, () -> KeyState.fromBytes(badProbe));
    assertTrue(probe.getMessage().contains("step 7 of probe 2"), probe.getMessage());
  }

  @Test
  void sizeBytesIsTheLengthOfTheBlob() {
    KeyState state = KeyState.fromBytes(sampleBlob());
    assertEquals(state.toBytes().length, state.sizeBytes());
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
    return state.toBytes();
  }
}
