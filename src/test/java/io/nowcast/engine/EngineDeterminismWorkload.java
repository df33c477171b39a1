package io.nowcast.engine;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.SensorReading;
import io.nowcast.nn.CellType;
import io.nowcast.nn.OutputKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A fixed workload through the engine (probabilistic LSTM, then a swap to a calibrated GRU, the
 * state through its blob at every event) reduced to one SHA-256 of every output record and the
 * final state. Run in this JVM and, by {@link EngineDeterminismTest}, in a cold interpreted one.
 */
final class EngineDeterminismWorkload {
  private static final int EVENTS = 160;

  private EngineDeterminismWorkload() {}

  static String digest() throws IOException {
    String features = "value,dt,gap,calendar=hour+dow,cov=temp";
    ServingModel v1 =
        EngineFixtures.model(
            features, CellType.LSTM, new int[] {8, 8}, 4, OutputKind.PROBABILISTIC, 1, null);
    Calibration calibration =
        new Calibration(0.9, List.of(-1.1, -1.2, -1.3), List.of(0.9, 1.4, 1.7), List.of());
    ServingModel v2 =
        EngineFixtures.model(
            features, CellType.GRU, new int[] {6}, 3, OutputKind.POINT, 2, calibration);
    ForecastEngine engine = new ForecastEngine(new EngineSettings(16, 25, true, 0.8));
    MessageDigest sha = sha256();
    List<SensorReading> readings = EngineFixtures.series(EVENTS, 42);
    byte[] blob = null;
    for (int i = 0; i < EVENTS; i++) {
      ServingModel model = i < 10 ? null : i < EVENTS / 2 ? v1 : v2;
      Outcome outcome =
          engine.onReading(
              blob == null ? null : KeyStateCodec.decode(blob), readings.get(i), model, 7);
      update(sha, outcome.forecast() == null ? null : outcome.forecast().toByteBuffer());
      update(sha, outcome.report() == null ? null : outcome.report().toByteBuffer());
      blob = KeyStateCodec.latest().encode(outcome.state());
    }
    sha.update(blob);
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void update(MessageDigest sha, ByteBuffer record) {
    if (record == null) {
      sha.update((byte) 0);
    } else {
      sha.update(record);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  public static void main(String[] args) throws IOException {
    System.out.println(digest());
  }
}
