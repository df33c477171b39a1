package io.nowcast.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.SensorReading;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade from the release that writes format 2: while both releases share the group, a
 * key may move between an old instance and a new one at any event (rebalance, restart). The new one
 * then writes format 2 ({@code nowcast.state.format.write=2}), and {@link HandoffScenario}'s frozen
 * blobs, written by the old release, show that it writes exactly the old release's bytes: whatever
 * the old release reads of its own, it reads of ours.
 */
class RollingUpgradeTest {
  private static final KeyStateCodec PREVIOUS =
      KeyStateCodec.writing(KeyStateCodec.PREVIOUS_FORMAT);

  private static List<byte[]> written;

  @BeforeAll
  static void readTheOldReleasesBlobs() throws IOException {
    String name = "/state/keystate-v2-handoff.bin";
    try (InputStream in = RollingUpgradeTest.class.getResourceAsStream(name)) {
      assertNotNull(in, "src/test/resources" + name + " is missing");
      written = HandoffScenario.read(in);
    }
    assertEquals(HandoffScenario.READINGS, written.size());
  }

  @Test
  void theScenarioCoversEveryPartOfTheState() {
    KeyState probabilistic = KeyStateCodec.decode(written.get(HandoffScenario.SWAP_AT - 1));
    KeyState calibrated = KeyStateCodec.decode(written.get(HandoffScenario.READINGS - 1));
    assertEquals(KeyState.NO_MODEL, KeyStateCodec.decode(written.get(0)).modelVersion());
    assertEquals(5, probabilistic.intervals.steps(), "per-step scales of the first model");
    assertEquals(3, calibrated.intervals.steps(), "reset for the second model's horizon");
    assertTrue(calibrated.intervals.shared() != 1, "the shared scale adapted");
    assertTrue(calibrated.accuracy.scored() > 0 && calibrated.pending.isPresent());
    assertTrue(ringHasCovariates(probabilistic.ring), "covariates in the ring");
  }

  @Test
  void thisBuildWritesFormatTwoByteForByteAsTheOldReleaseDid() {
    ForecastEngine engine = new ForecastEngine(HandoffScenario.SETTINGS);
    List<SensorReading> readings = HandoffScenario.readings();
    KeyState state = null;
    for (int i = 0; i < readings.size(); i++) {
      state = engine.onReading(state, readings.get(i), HandoffScenario.modelAt(i), 0).state();
      assertArrayEquals(written.get(i), PREVIOUS.encode(state), "state after event " + i);
    }
  }

  @Test
  void aKeyMovesBetweenTheReleasesAtAnyEvent() {
    List<SensorReading> readings = HandoffScenario.readings();
    ForecastEngine engine = new ForecastEngine(HandoffScenario.SETTINGS);
    for (int i = 1; i < readings.size(); i++) {
      // The old release stored event i - 1; this build, in either format, takes over for event i.
      KeyState restored = KeyStateCodec.decode(written.get(i - 1));
      KeyState next =
          engine.onReading(restored, readings.get(i), HandoffScenario.modelAt(i), 0).state();
      assertArrayEquals(written.get(i), PREVIOUS.encode(next), "format 2 after event " + i);
      byte[] latest = KeyStateCodec.latest().encode(next);
      assertArrayEquals(
          written.get(i),
          PREVIOUS.encode(KeyStateCodec.decode(latest)),
          "format 3 after event " + i + " holds the same state");
    }
  }

  private static boolean ringHasCovariates(ObservationRing ring) {
    for (int i = 0; i < ring.size(); i++) {
      if (!ring.covariates(i).isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
