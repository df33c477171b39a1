package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.MINUTE;
import static io.nowcast.engine.EngineFixtures.START;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.AccuracyReport;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed blobs of every format version (each written once by {@link KeyStateBlobGenerator}
 * with the build of its version) must load in every later build: stores written by an older
 * forecaster survive an upgrade. Never regenerate the files.
 */
class KeyStateBlobTest {

  @Test
  void theCommittedV1BlobStillLoadsWithEveryField() throws IOException {
    KeyState state = loadCommitted(1);
    assertScenario(state);
    assertEquals(
        1.0, state.intervals.shared(), "v1 had no interval scale: it reads as the neutral 1");
  }

  @Test
  void theCommittedV2BlobStillLoadsWithEveryField() throws IOException {
    KeyState state = loadCommitted(2);
    assertScenario(state);
    assertEquals(
        1.0,
        state.intervals.shared(),
        "the scenario's point model has empty intervals: nothing to adapt");
  }

  @Test
  void theCommittedV3BlobStillLoadsWithEveryField() throws IOException {
    KeyState state = loadCommitted(3);
    assertScenario(state);
    assertEquals(0, state.intervals.steps(), "a point model without calibration");
  }

  @Test
  void formatsTwoAndThreeReEncodeToTheirCommittedBytes() throws IOException {
    for (int format : new int[] {KeyStateCodec.PREVIOUS_FORMAT, KeyStateCodec.LATEST_FORMAT}) {
      byte[] committed = committedBlob(format);
      assertArrayEquals(
          committed,
          KeyStateCodec.writing(format).encode(KeyStateCodec.decode(committed)),
          "format " + format + " written by this build, byte for byte as its own build wrote it");
    }
  }

  @Test
  void aV2StateWithTheV2FieldCutOffIsRefusedAsTruncated() throws IOException {
    byte[] v2 = committedBlob(2);
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> KeyStateCodec.decode(Arrays.copyOf(v2, v2.length - Double.BYTES)));
    assertTrue(refused.getMessage().contains("truncated"), refused.getMessage());
  }

  private static KeyState loadCommitted(int version) throws IOException {
    byte[] blob = committedBlob(version);
    assertEquals(version, blob[0], "format version byte");
    return KeyStateCodec.decode(blob);
  }

  /** The fields every version holds, as {@link KeyStateBlobGenerator#scenario()} left them. */
  private static void assertScenario(KeyState state) {

    assertEquals(KeyStateBlobGenerator.MODEL_VERSION, state.modelVersion());
    assertEquals(KeyStateBlobGenerator.READINGS, state.observations());
    assertEquals(START + 11 * MINUTE, state.lastTimestamp());
    assertEquals(31.0, state.lastValue());
    assertEquals(4 * (4 + 4), state.recurrent.length(), "LSTM h and c of 4 units as float32");
    assertEquals(51 + 24, state.normalisation.encodedSize(), "feature state with one covariate");

    assertEquals(KeyStateBlobGenerator.RING, state.ring.capacity());
    assertEquals(KeyStateBlobGenerator.RING, state.bufferedObservations());
    for (int i = 0; i < KeyStateBlobGenerator.RING; i++) {
      int reading = i + 4;
      assertEquals(START + reading * MINUTE, state.ring.timestamp(i), "ring timestamp " + i);
      assertEquals(20.0 + reading, state.ring.value(i), "ring value " + i);
      Map<String, Double> expected = reading % 2 == 0 ? Map.of("temp", 15.0 + reading) : Map.of();
      assertEquals(expected, state.ring.covariates(i), "ring covariates " + i);
    }

    PendingForecast pending = state.pending;
    assertTrue(pending.isPresent());
    assertEquals(KeyStateBlobGenerator.MODEL_VERSION, pending.modelVersion());
    assertTrue(Double.isFinite(pending.mean()));
    assertTrue(pending.lower() <= pending.mean() && pending.mean() <= pending.upper());

    AccuracyReport window = state.accuracy.report(EngineFixtures.SENSOR);
    assertEquals(11, window.getCount());
    assertEquals(Instant.ofEpochMilli(START + MINUTE), window.getWindowStart());
    assertEquals(Instant.ofEpochMilli(START + 11 * MINUTE), window.getWindowEnd());
    assertEquals(1.0, window.getPersistenceMae(), "each actual is the last one + 1");
    assertTrue(window.getMae() > 0 && window.getRmse() > 0);
    assertEquals(KeyStateBlobGenerator.MODEL_VERSION, window.getModelVersion());
  }

  private static byte[] committedBlob(int version) throws IOException {
    String name = "/state/keystate-v" + version + ".bin";
    try (InputStream in = KeyStateBlobTest.class.getResourceAsStream(name)) {
      assertNotNull(in, "src/test/resources" + name + " is missing");
      return in.readAllBytes();
    }
  }
}
