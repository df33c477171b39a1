package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.series;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.SensorReading;
import io.nowcast.nn.CellType;
import io.nowcast.nn.OutputKind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sectioned format's container rules and {@code decodeInto}'s reuse. */
class KeyStateCodecTest {
  private static final KeyStateCodec CODEC = KeyStateCodec.latest();

  /** Offset of the first section header: the format version and the section count. */
  private static final int FIRST_SECTION = 2;

  @Test
  void decodingIntoAStateOfAnotherShapeGivesTheFreshlyDecodedState() {
    byte[] small = CODEC.encode(stateAfter(pointModel(), 6, 30));
    byte[] large = CODEC.encode(stateAfter(probabilisticModel(), 16, 50));
    for (byte[][] pair : new byte[][][] {{small, large}, {large, small}, {large, large}}) {
      KeyState existing = KeyStateCodec.decode(pair[0]);
      KeyState refilled = KeyStateCodec.decodeInto(pair[1], existing);
      assertSame(existing, refilled);
      assertArrayEquals(pair[1], CODEC.encode(refilled));
      assertArrayEquals(
          KeyStateCodec.writing(KeyStateCodec.PREVIOUS_FORMAT)
              .encode(KeyStateCodec.decode(pair[1])),
          KeyStateCodec.writing(KeyStateCodec.PREVIOUS_FORMAT).encode(refilled));
    }
  }

  @Test
  void theEngineContinuesARefilledStateExactlyAsAFreshOne() {
    ServingModel model = probabilisticModel();
    List<SensorReading> readings = series(60, 41);
    ForecastEngine engine = new ForecastEngine(EngineFixtures.settings(16));
    KeyState live = null;
    KeyState reused = KeyStateCodec.decode(CODEC.encode(stateAfter(pointModel(), 6, 30)));
    for (int i = 0; i < readings.size(); i++) {
      Outcome expected = engine.onReading(live, readings.get(i), model, 0);
      live = expected.state();
      byte[] blob = CODEC.encode(live);
      assertArrayEquals(blob, CODEC.encode(KeyStateCodec.decodeInto(blob, reused)));
    }
  }

  @Test
  void aSectionThisBuildDoesNotKnowIsSkipped() {
    byte[] blob = CODEC.encode(stateAfter(probabilisticModel(), 8, 20));
    byte[] extended = withSection(blob, 42, 1, new byte[] {9, 8, 7});
    assertArrayEquals(blob, CODEC.encode(KeyStateCodec.decode(extended)));
  }

  @Test
  void sectionsOutOfOrderTwiceMissingOrOfAnUnknownVersionAreRefused() {
    byte[] blob = CODEC.encode(stateAfter(probabilisticModel(), 8, 20));
    assertRefused(withSection(blob, 1, 1, new byte[KeyProgress.BYTES]), "section id 1 after id 7");

    byte[] withoutProgress = withoutFirstSection(blob);
    assertRefused(withoutProgress, "section 1 (progress) is missing");

    byte[] newerVersion = blob.clone();
    newerVersion[FIRST_SECTION + 1] = 2;
    assertRefused(newerVersion, "section progress has version 2, this build reads version 1");
  }

  @Test
  void aSectionLongerThanItsFieldsIsRefusedNamingIt() {
    byte[] blob = CODEC.encode(stateAfter(pointModel(), 6, 10));
    // The progress section is first: id, version, length 24, 24 bytes. Claim 25 and add a byte.
    byte[] longer = new byte[blob.length + 1];
    System.arraycopy(blob, 0, longer, 0, FIRST_SECTION + 3 + KeyProgress.BYTES);
    longer[FIRST_SECTION + 2] = KeyProgress.BYTES + 1;
    System.arraycopy(
        blob,
        FIRST_SECTION + 3 + KeyProgress.BYTES,
        longer,
        FIRST_SECTION + 4 + KeyProgress.BYTES,
        blob.length - FIRST_SECTION - 3 - KeyProgress.BYTES);
    assertRefused(longer, "section progress has 1 unexpected bytes after its last field");
  }

  @Test
  void encodingIntoAReusedBufferWritesTheSameBytes() {
    KeyState state = stateAfter(probabilisticModel(), 8, 20);
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    buffer.position(100);
    CODEC.encode(state, buffer);
    assertEquals(100 + CODEC.encodedSize(state), buffer.position());
    assertArrayEquals(
        CODEC.encode(state), Arrays.copyOfRange(buffer.array(), 100, buffer.position()));
  }

  @Test
  void onlyTheLatestAndThePreviousFormatCanBeWritten() {
    for (int format : new int[] {0, 1, 4}) {
      IllegalArgumentException refused =
          assertThrows(IllegalArgumentException.class, () -> KeyStateCodec.writing(format));
      assertTrue(refused.getMessage().contains("cannot write format " + format));
    }
    assertSame(KeyStateCodec.latest(), KeyStateCodec.writing(KeyStateCodec.LATEST_FORMAT));
  }

  private static void assertRefused(byte[] blob, String message) {
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> KeyStateCodec.decode(blob));
    assertTrue(refused.getMessage().contains(message), refused.getMessage());
  }

  /** {@code blob} with one more section appended after the others. */
  private static byte[] withSection(byte[] blob, int id, int version, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(blob[0]);
    out.write(blob[1] + 1);
    out.write(blob, FIRST_SECTION, blob.length - FIRST_SECTION);
    out.write(id);
    out.write(version);
    out.write(payload.length);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** {@code blob} without its first section (progress: a one-byte length). */
  private static byte[] withoutFirstSection(byte[] blob) {
    int firstEnd = FIRST_SECTION + 3 + blob[FIRST_SECTION + 2];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(blob[0]);
    out.write(blob[1] - 1);
    out.write(blob, firstEnd, blob.length - firstEnd);
    return out.toByteArray();
  }

  private static KeyState stateAfter(ServingModel model, int ring, int readings) {
    ForecastEngine engine = new ForecastEngine(EngineFixtures.settings(ring));
    KeyState state = null;
    for (SensorReading reading : series(readings, 40 + ring)) {
      state = engine.onReading(state, reading, model, 0).state();
    }
    return state;
  }

  private static ServingModel pointModel() {
    return EngineFixtures.model("value", CellType.GRU, new int[] {3}, 2, OutputKind.POINT, 1, null);
  }

  private static ServingModel probabilisticModel() {
    return EngineFixtures.model(
        "value,dt,cov=temp", CellType.LSTM, new int[] {6}, 5, OutputKind.PROBABILISTIC, 2, null);
  }
}
