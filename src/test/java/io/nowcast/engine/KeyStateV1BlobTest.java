package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.MINUTE;
import static io.nowcast.engine.EngineFixtures.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed v1 blob (written once by {@link KeyStateV1BlobGenerator}) must load in every later
 * build: stores written by an older forecaster survive an upgrade. Never regenerate the file.
 */
class KeyStateV1BlobTest {

  @Test
  void theCommittedV1BlobStillLoadsWithEveryField() throws IOException {
    byte[] blob = committedBlob();
    assertEquals(1, blob[0], "format version byte");
    KeyState state = KeyState.fromBytes(blob);

    assertEquals(KeyStateV1BlobGenerator.MODEL_VERSION, state.modelVersion());
    assertEquals(KeyStateV1BlobGenerator.READINGS, state.observations());
    assertEquals(START + 11 * MINUTE, state.lastTimestamp());
    assertEquals(31.0, state.lastValue());
    assertEquals(4 * (4 + 4), state.network.length, "LSTM h and c of 4 units as float32");
    assertEquals(51 + 24, state.features.length, "feature state with one covariate");

    assertEquals(KeyStateV1BlobGenerator.RING, state.ring.capacity());
    assertEquals(KeyStateV1BlobGenerator.RING, state.bufferedObservations());
    for (int i = 0; i < KeyStateV1BlobGenerator.RING; i++) {
      int reading = i + 4;
      assertEquals(START + reading * MINUTE, state.ring.timestamp(i), "ring timestamp " + i);
      assertEquals(20.0 + reading, state.ring.value(i), "ring value " + i);
      Map<String, Double> expected = reading % 2 == 0 ? Map.of("temp", 15.0 + reading) : Map.of();
      assertEquals(expected, state.ring.covariates(i), "ring covariates " + i);
    }

    assertTrue(state.pendingPresent);
    assertEquals(KeyStateV1BlobGenerator.MODEL_VERSION, state.pendingModelVersion);
    assertTrue(Double.isFinite(state.pendingMean));
    assertTrue(state.pendingLower <= state.pendingMean && state.pendingMean <= state.pendingUpper);

    assertEquals(11, state.scoredCount);
    assertEquals(START + MINUTE, state.windowStart);
    assertEquals(START + 11 * MINUTE, state.windowEnd);
    assertEquals(11.0, state.sumAbsolutePersistenceError, "each actual is the last one + 1");
    assertTrue(state.sumAbsoluteError > 0 && state.sumSquaredError > 0);
    assertEquals(KeyStateV1BlobGenerator.MODEL_VERSION, state.scoredModelVersion);
  }

  private static byte[] committedBlob() throws IOException {
    try (InputStream in = KeyStateV1BlobTest.class.getResourceAsStream("/state/keystate-v1.bin")) {
      assertNotNull(in, "src/test/resources/state/keystate-v1.bin is missing");
      return in.readAllBytes();
    }
  }
}
