package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.series;
import static io.nowcast.engine.EngineFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ForecastPoint;
import io.nowcast.avro.SensorReading;
import io.nowcast.model.InvalidModelException;
import io.nowcast.nn.CellType;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.optim.GaussianNll;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three interval rules of {@link ServingModel}: calibration, Gaussian scale, none. */
class IntervalRuleTest {
  private static final String FEATURES = "value,dt";
  private static final int HORIZON = 3;

  @Test
  void calibrationOffsetsAreDenormalisedAsScalesAroundTheMean() {
    Calibration calibration =
        new Calibration(0.95, List.of(-1.0, -1.5, -2.0), List.of(0.5, 1.0, 3.0), List.of());
    ServingModel model =
        EngineFixtures.model(
            FEATURES,
            CellType.LSTM,
            new int[] {4},
            HORIZON,
            OutputKind.PROBABILISTIC,
            1,
            calibration);
    IndependentAssembly byHand = new IndependentAssembly(model);
    Outcome last = lastOutcome(model, byHand);
    Forecast forecast = last.forecast();
    KeyState state = last.state();

    assertEquals(
        0.95, forecast.getIntervalLevel(), "the calibration's level wins over the default");
    for (int k = 0; k < HORIZON; k++) {
      ForecastPoint point = forecast.getHorizon().get(k);
      double scale = state.intervals.scaleOf(k);
      double lower =
          point.getMean()
              + scale
                  * byHand
                      .pipeline()
                      .denormaliseScale(byHand.features(), calibration.getLower().get(k));
      double upper =
          point.getMean()
              + scale
                  * byHand
                      .pipeline()
                      .denormaliseScale(byHand.features(), calibration.getUpper().get(k));
      assertEquals(lower, point.getLower(), "lower of step " + (k + 1));
      assertEquals(upper, point.getUpper(), "upper of step " + (k + 1));
    }
  }

  @Test
  void probabilisticModelsWithoutCalibrationUseTheGaussianQuantileOfTheScale() {
    // tolerance: z is a rational approximation (relative error < 1.2e-9), not a bit-exact reference
    ServingModel model =
        EngineFixtures.model(
            FEATURES, CellType.GRU, new int[] {4}, HORIZON, OutputKind.PROBABILISTIC, 1, null);
    IndependentAssembly byHand = new IndependentAssembly(model);
    Outcome last = lastOutcome(model, byHand);
    Forecast forecast = last.forecast();
    KeyState state = last.state();

    assertEquals(0.8, forecast.getIntervalLevel());
    double z80 = 1.2815515655446004;
    for (int k = 0; k < HORIZON; k++) {
      ForecastPoint point = forecast.getHorizon().get(k);
      double sigma = GaussianNll.scale(byHand.rawOutput()[HORIZON + k]);
      double scale = state.intervals.scaleOf(k);
      double halfWidth = scale * z80 * byHand.pipeline().denormaliseScale(byHand.features(), sigma);
      assertTrue(halfWidth > 0);
      assertEquals(
          point.getMean() - halfWidth,
          point.getLower(),
          1e-8 * halfWidth,
          "lower of step " + (k + 1));
      assertEquals(
          point.getMean() + halfWidth,
          point.getUpper(),
          1e-8 * halfWidth,
          "upper of step " + (k + 1));
    }
  }

  @Test
  void pointModelsWithoutCalibrationHaveEmptyIntervals() {
    ServingModel model =
        EngineFixtures.model(
            FEATURES, CellType.RNN, new int[] {4}, HORIZON, OutputKind.POINT, 1, null);
    for (ForecastPoint point :
        lastOutcome(model, new IndependentAssembly(model)).forecast().getHorizon()) {
      assertEquals(point.getMean(), point.getLower());
      assertEquals(point.getMean(), point.getUpper());
    }
  }

  @Test
  void gaussianQuantileMatchesKnownValues() {
    assertEquals(0.0, GaussianQuantile.of(0.5), 1e-15);
    assertEquals(1.2815515655446004, GaussianQuantile.centralZ(0.8), 1e-8);
    assertEquals(1.959963984540054, GaussianQuantile.centralZ(0.95), 1e-8);
    assertEquals(-2.3263478740408408, GaussianQuantile.of(0.01), 1e-8);
    assertEquals(3.090232306167813, GaussianQuantile.of(0.999), 1e-8);
    assertThrows(IllegalArgumentException.class, () -> GaussianQuantile.of(1.0));
  }

  @Test
  void modelsWhoseFeaturesDoNotFitTheInputSizeAreRefusedNamingThem() {
    NetworkSpec spec = NetworkSpec.of(CellType.LSTM, 1, new int[] {2}, 1, OutputKind.POINT);
    float[] parameters = Network.initialise(spec, 1).parameters();
    InvalidModelException refused =
        assertThrows(
            InvalidModelException.class,
            () -> EngineFixtures.serving(spec, "value,dt,gap", parameters, 9, null));
    assertEquals(
        "model fleet@9: input_size: expected 3 (the width of features 'value,dt,gap'), actual 1",
        refused.getMessage());
  }

  /**
   * The outcome of the last of 30 readings; its state holds the interval scales its forecast used.
   */
  private static Outcome lastOutcome(ServingModel model, IndependentAssembly byHand) {
    ForecastEngine engine = new ForecastEngine(settings(8));
    KeyState state = null;
    Outcome outcome = null;
    for (SensorReading reading : series(30, 11)) {
      outcome = engine.onReading(state, reading, model, 0);
      state = outcome.state();
      byHand.step(reading);
    }
    return outcome;
  }
}
