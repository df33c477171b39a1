package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.series;
import static io.nowcast.engine.EngineFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.SensorReading;
import io.nowcast.nn.CellType;
import io.nowcast.nn.OutputKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A calibration's shrinkage pulls the served means toward the last reading, step by step. */
class ShrinkageServingTest {
  private static final List<Double> LOWER = List.of(-1.0, -1.0, -1.0);
  private static final List<Double> UPPER = List.of(1.0, 1.0, 1.0);

  @Test
  void theMeanMovesTheFactorOfTheWayFromTheLastReadingToTheNetworksForecast() {
    for (String features : List.of("value,dt", "value,norm=ew(50),target=delta,diff")) {
      Forecast unshrunk = lastForecast(features, List.of());
      Forecast shrunk = lastForecast(features, List.of(0.0, 0.5, 1.0));
      double last = unshrunk.getObserved();

      assertEquals(
          last, shrunk.getHorizon().get(0).getMean(), 1e-9, features + ": factor 0 is persistence");
      double halfway = last + 0.5 * (unshrunk.getHorizon().get(1).getMean() - last);
      assertEquals(halfway, shrunk.getHorizon().get(1).getMean(), 1e-9, features + ": factor 0.5");
      assertEquals(
          unshrunk.getHorizon().get(2).getMean(),
          shrunk.getHorizon().get(2).getMean(),
          1e-9,
          features + ": factor 1 keeps the network's forecast");
      assertNotEquals(
          last,
          unshrunk.getHorizon().get(0).getMean(),
          features + ": the fixture must not be persistence");
    }
  }

  private static Forecast lastForecast(String features, List<Double> shrinkage) {
    Calibration calibration = new Calibration(0.8, LOWER, UPPER, shrinkage);
    ServingModel model =
        EngineFixtures.model(
            features, CellType.LSTM, new int[] {4}, 3, OutputKind.POINT, 1, calibration);
    ForecastEngine engine = new ForecastEngine(settings(8));
    Outcome outcome = null;
    for (SensorReading reading : series(40, 5)) {
      outcome = engine.onReading(outcome == null ? null : outcome.state(), reading, model, 0);
    }
    return outcome.forecast();
  }
}
