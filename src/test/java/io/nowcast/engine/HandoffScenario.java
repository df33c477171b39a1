package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.series;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.SensorReading;
import io.nowcast.nn.CellType;
import io.nowcast.nn.OutputKind;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One key's life that touches every part of its state: no model with the persistence fallback, then
 * a probabilistic model (interval scales and probes), then a swap to a calibrated model of another
 * shape (re-warm, scales reset), covariates in the ring and accuracy reports along the way. {@code
 * src/test/resources/state/keystate-v2-handoff.bin} holds the state blob after every event, written
 * once by the last build that wrote format 2 (frozen: never regenerate it); {@link
 * RollingUpgradeTest} checks that this build, writing format 2, produces the same bytes, so an
 * older instance and this one can hand the key back and forth.
 *
 * <p>File: big-endian int count, then per blob an int length and the bytes.
 */
final class HandoffScenario {
  static final int READINGS = 70;
  static final int SWAP_AT = 40;
  static final int NO_MODEL_UNTIL = 6;
  static final EngineSettings SETTINGS = new EngineSettings(12, 9, true, 0.8);

  private HandoffScenario() {}

  static List<SensorReading> readings() {
    return series(READINGS, 31);
  }

  /** The model serving reading {@code i}, null while there is none. */
  static ServingModel modelAt(int i) {
    if (i < NO_MODEL_UNTIL) {
      return null;
    }
    return i < SWAP_AT ? PROBABILISTIC : CALIBRATED;
  }

  private static final ServingModel PROBABILISTIC =
      EngineFixtures.model(
          "value,dt,cov=temp", CellType.GRU, new int[] {5}, 5, OutputKind.PROBABILISTIC, 3, null);

  private static final ServingModel CALIBRATED =
      EngineFixtures.model(
          "value,dt,gap",
          CellType.LSTM,
          new int[] {6},
          3,
          OutputKind.POINT,
          4,
          new Calibration(0.9, List.of(-0.4, -0.6, -0.9), List.of(0.5, 0.7, 1.1), List.of()));

  static List<byte[]> read(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int count = data.readInt();
    List<byte[]> blobs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] blob = new byte[data.readInt()];
      data.readFully(blob);
      blobs.add(blob);
    }
    return blobs;
  }

  /** Writes the blob after every event in format 2. */
  public static void main(String[] args) throws IOException {
    ForecastEngine engine = new ForecastEngine(SETTINGS);
    List<SensorReading> readings = readings();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(readings.size());
    KeyState state = null;
    for (int i = 0; i < readings.size(); i++) {
      state = engine.onReading(state, readings.get(i), modelAt(i), 0).state();
      byte[] blob = KeyStateCodec.writing(KeyStateCodec.PREVIOUS_FORMAT).encode(state);
      out.writeInt(blob.length);
      out.write(blob);
    }
    Path target = Path.of(args[0]);
    Files.write(target, bytes.toByteArray());
    System.out.println("wrote " + target + " (" + Files.size(target) + " bytes)");
  }
}
