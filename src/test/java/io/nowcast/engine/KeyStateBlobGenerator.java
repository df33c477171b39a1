package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.MINUTE;
import static io.nowcast.engine.EngineFixtures.START;

import io.nowcast.nn.CellType;
import io.nowcast.nn.OutputKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the scenario below in the latest format. It wrote {@code
 * src/test/resources/state/keystate-v1.bin} once with the v1 build, {@code keystate-v2.bin} once
 * with the v2 build and {@code keystate-v3.bin} once with the first v3 build; the files are frozen
 * and {@link KeyStateBlobTest} checks that every later build still reads them. Run it only to
 * freeze a new format version under a new name, never to "fix" those tests: a failure there means a
 * stored state would no longer load after an upgrade.
 *
 * <p>Scenario (what the test asserts): model {@code fleet@7} (LSTM, one layer of 4, horizon 2,
 * features {@code value,dt,cov=temp}), ring W = 8, a report every 100 scored events; twelve
 * readings one minute apart from {@link EngineFixtures#START}, value 20 + i, covariate temp = 15 +
 * i on even i only.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat cp.txt)
 * io.nowcast.engine.KeyStateBlobGenerator src/test/resources/state/keystate-vN.bin}.
 */
final class KeyStateBlobGenerator {
  static final long MODEL_VERSION = 7;
  static final int READINGS = 12;
  static final int RING = 8;

  private KeyStateBlobGenerator() {}

  static KeyState scenario() {
    ServingModel model =
        EngineFixtures.model(
            "value,dt,cov=temp",
            CellType.LSTM,
            new int[] {4},
            2,
            OutputKind.POINT,
            MODEL_VERSION,
            null);
    ForecastEngine engine = new ForecastEngine(new EngineSettings(RING, 100, false, 0.8));
    KeyState state = null;
    for (int i = 0; i < READINGS; i++) {
      Map<String, Double> covariates = i % 2 == 0 ? Map.of("temp", 15.0 + i) : Map.of();
      state =
          engine
              .onReading(
                  state, EngineFixtures.reading(START + i * MINUTE, 20 + i, covariates), model, 0)
              .state();
    }
    return state;
  }

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args[0]);
    Files.createDirectories(target.getParent());
    Files.write(target, KeyStateCodec.latest().encode(scenario()));
    System.out.println("wrote " + target + " (" + Files.size(target) + " bytes)");
  }
}
