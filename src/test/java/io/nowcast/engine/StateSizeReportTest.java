package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.MINUTE;
import static io.nowcast.engine.EngineFixtures.START;
import static io.nowcast.engine.EngineFixtures.reading;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.nn.CellType;
import io.nowcast.nn.OutputKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prints the stored bytes per key for typical shapes (ring full, one-minute sampling). */
class StateSizeReportTest {

  @Test
  void typicalKeysFitInAboutTwoKilobytes() {
    System.out.println("key state bytes per key (W = ring size, full ring, 60 s sampling):");
    int lstm64x2 =
        report(
            "LSTM 64x2, W=64, no covariates",
            CellType.LSTM,
            new int[] {64, 64},
            64,
            "value,dt,gap",
            0);
    report(
        "LSTM 64x2, W=64, 2 covariates",
        CellType.LSTM,
        new int[] {64, 64},
        64,
        "value,dt,gap,cov=a+b",
        2);
    report("GRU 32, W=64, no covariates", CellType.GRU, new int[] {32}, 64, "value,dt", 0);
    report("LSTM 16, W=32, no covariates", CellType.LSTM, new int[] {16}, 32, "value", 0);
    int small = report("GRU 8, W=16, no covariates", CellType.GRU, new int[] {8}, 16, "value", 0);
    assertTrue(lstm64x2 <= 2100, "LSTM 64x2 with W=64 should stay near 2 KB, was " + lstm64x2);
    assertTrue(small <= 500, "a small key should take a few hundred bytes, was " + small);
  }

  private static int report(
      String label, CellType cell, int[] layers, int ring, String features, int covariates) {
    ServingModel model =
        EngineFixtures.model(features, cell, layers, 12, OutputKind.POINT, 1, null);
    ForecastEngine engine = new ForecastEngine(new EngineSettings(ring, 1000, false, 0.8));
    KeyState state = null;
    for (int i = 0; i < 2 * ring; i++) {
      Map<String, Double> values = covariates == 0 ? Map.of() : Map.of("a", 1.0 + i, "b", 2.0 * i);
      state =
          engine
              .onReading(state, reading(START + i * MINUTE, 10 + i % 5, values), model, 0)
              .state();
    }
    int bytes = KeyStateCodec.latest().encode(state).length;
    System.out.printf("  %-36s %5d bytes%n", label, bytes);
    return bytes;
  }
}
