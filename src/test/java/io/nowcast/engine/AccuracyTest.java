package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.MINUTE;
import static io.nowcast.engine.EngineFixtures.START;
import static io.nowcast.engine.EngineFixtures.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Calibration;
import io.nowcast.nn.Activation;
import io.nowcast.nn.CellType;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.ParameterLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Online accuracy on series small enough to check by hand. */
class AccuracyTest {

  @Test
  void persistenceForecastsScoreTheirOwnErrorsInWindowsOfN() {
    ForecastEngine engine = new ForecastEngine(new EngineSettings(8, 2, true, 0.8));
    double[] values = {10, 12, 11, 11, 15};
    List<AccuracyReport> reports = run(engine, null, values);

    assertNull(reports.get(0), "nothing to score at the first actual");
    assertNull(reports.get(1));
    // actual 12 vs 10 (error 2), actual 11 vs 12 (error −1); the interval is empty: nothing covered
    assertReport(reports.get(2), 1, 2, 2, 1.5, Math.sqrt(2.5), 1.5, 0.0, 0);
    assertNull(reports.get(3));
    // actual 11 vs 11 (error 0, covered), actual 15 vs 11 (error 4)
    assertReport(reports.get(4), 3, 4, 2, 2.0, Math.sqrt(8), 2.0, 0.5, 0);
  }

  @Test
  void aConstantModelOnAConstantSeriesHasKnownErrorAndCoverage() {
    // An RNN with zero weights outputs its head bias: 0.5 normalised = 100 + 0.5 × 10 = 105.
    String features = "value,norm=fixed(100,10)";
    NetworkSpec spec =
        new NetworkSpec(CellType.RNN, Activation.TANH, 1, new int[] {1}, 2, OutputKind.POINT);
    float[] parameters = new float[ParameterLayout.of(spec).size()];
    int headBias = ParameterLayout.of(spec).headBiasOffset();
    parameters[headBias] = 0.5f;
    parameters[headBias + 1] = 0.5f;
    Calibration narrow = new Calibration(0.9, List.of(-0.2, -0.2), List.of(0.2, 0.2), List.of());
    Calibration wide = new Calibration(0.9, List.of(-1.0, -1.0), List.of(1.0, 1.0), List.of());
    ServingModel narrowModel = EngineFixtures.serving(spec, features, parameters, 4, narrow);
    ServingModel wideModel = EngineFixtures.serving(spec, features, parameters.clone(), 4, wide);
    double[] values = {100, 100, 100, 100, 100};

    AccuracyReport narrowReport =
        run(new ForecastEngine(new EngineSettings(8, 4, false, 0.8)), narrowModel, values).get(4);
    AccuracyReport wideReport =
        run(new ForecastEngine(new EngineSettings(8, 4, false, 0.8)), wideModel, values).get(4);

    // forecasts 105 with [103, 107] (narrow) or [95, 115] (wide); every actual is 100
    assertReport(narrowReport, 1, 4, 4, 5.0, 5.0, 0.0, 0.0, 4);
    assertReport(wideReport, 1, 4, 4, 5.0, 5.0, 0.0, 1.0, 4);
  }

  private static List<AccuracyReport> run(
      ForecastEngine engine, ServingModel model, double[] values) {
    List<AccuracyReport> reports = new ArrayList<>();
    KeyState state = null;
    for (int i = 0; i < values.length; i++) {
      Outcome outcome = engine.onReading(state, reading(START + i * MINUTE, values[i]), model, 0);
      state = outcome.state();
      reports.add(outcome.report());
    }
    return reports;
  }

  private static void assertReport(
      AccuracyReport report,
      int firstIndex,
      int lastIndex,
      long count,
      double mae,
      double rmse,
      double persistenceMae,
      double coverage,
      long modelVersion) {
    assertEquals(EngineFixtures.SENSOR, report.getSensorId());
    assertEquals(Instant.ofEpochMilli(START + firstIndex * MINUTE), report.getWindowStart());
    assertEquals(Instant.ofEpochMilli(START + lastIndex * MINUTE), report.getWindowEnd());
    assertEquals(count, report.getCount());
    assertEquals(mae, report.getMae(), 1e-12);
    assertEquals(rmse, report.getRmse(), 1e-12);
    assertEquals(persistenceMae, report.getPersistenceMae(), 1e-12);
    assertEquals(coverage, report.getCoverage(), 1e-12);
    assertEquals(modelVersion, report.getModelVersion());
  }
}
