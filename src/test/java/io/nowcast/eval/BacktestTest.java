package io.nowcast.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.SensorReading;
import io.nowcast.engine.OfflineForecaster;
import io.nowcast.engine.ServingModel;
import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureSpec;
import io.nowcast.model.ModelContent;
import io.nowcast.nn.Activation;
import io.nowcast.nn.CellType;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import io.nowcast.train.Series;
import io.nowcast.train.TrainingResult;
import io.nowcast.train.TrainingSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BacktestTest {

  private static final long HOUR = 3_600_000L;

  private static Series series(double... values) {
    long[] times = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      times[i] = i * HOUR;
    }
    return Series.of("s", times, values);
  }

  private static ServingModel untrainedModel(int horizon) {
    FeatureSpec features = FeatureSpec.parse("value");
    NetworkSpec spec =
        new NetworkSpec(
            CellType.LSTM,
            Activation.TANH,
            new FeaturePipeline(features).inputSize(),
            new int[] {4},
            horizon,
            OutputKind.POINT);
    ModelContent content =
        new ModelContent(
            "m",
            1,
            Instant.EPOCH,
            spec,
            features.toString(),
            Network.initialise(spec, 1).parameters(),
            null,
            null);
    return ServingModel.from(Backtest.validate(content), 0.8);
  }

  @Test
  void baselinesAreScoredOnTheProtocolPositionsAndTheTrainRowsScale() {
    // Train rows 1..4: mean 2.5, population variance 1.25. Positions s = 6, 7, 8 (forecasts after
    // rows 5, 6, 7).
    Series series = series(1, 2, 3, 4, 5, 6, 8, 7, 9, 10);
    Protocol protocol = Protocol.withTrainScale("t", series, 4, 6, 10);

    Backtest.Scores scores = Backtest.score(series, protocol, 2, untrainedModel(2), 2, null);

    assertEquals(3, scores.positions());
    // Persistence errors: (2, 1), (-1, 1), (2, 3): squares sum 20, absolute sum 10, over 6
    // forecasts.
    assertEquals(20.0 / 6 / 1.25, scores.persistence().mse(), 1e-12);
    assertEquals(10.0 / 6 / Math.sqrt(1.25), scores.persistence().mae(), 1e-12);
    // Seasonal naive, period 2: errors (3, 1), (1, 1), (1, 3): squares sum 22.
    assertEquals(22.0 / 6 / 1.25, scores.seasonalNaive().mse(), 1e-12);
    assertEquals(Math.sqrt(scores.seasonalNaive().mse()), scores.seasonalNaive().rmse(), 1e-12);
  }

  @Test
  void seasonalNaiveBeyondOneSeasonRepeatsTheLastObservedSeason() {
    // Period 2, horizon 3: step 3 of the forecast after row t uses row t + 3 − 4 = t − 1.
    Series series = series(1, 0, 0, 0, 0, 10, 20, 30, 40, 50);
    Protocol protocol = Protocol.withTrainScale("t", series, 3, 7, 10);

    Backtest.Scores scores = Backtest.score(series, protocol, 3, untrainedModel(3), 2, null);

    // One position s = 7 (forecast after row 6): rows 7, 8, 9 from rows 5, 6, 5 → errors 20, 20,
    // 40.
    assertEquals(1, scores.positions());
    assertEquals(
        (400.0 + 400 + 1600) / 3 / protocol.scaleStd() / protocol.scaleStd(),
        scores.seasonalNaive().mse(),
        1e-9);
  }

  @Test
  void theBacktestsForecastsAreTheForecasterEnginesForTheSameModel() {
    Series series = noisySine(600);
    Protocol protocol = Protocol.holdout(series, 0.3, 0.2);
    Backtest backtest = new Backtest(smallSettings(4), 0.5, progress -> {});
    TrainingResult result = backtest.train(series, protocol);
    ServingModel model =
        ServingModel.from(Backtest.validate(backtest.modelOf(result, series, protocol)), 0.8);
    List<Forecast> fromBacktest = new ArrayList<>();

    Backtest.Scores scores =
        Backtest.score(
            series, protocol, 4, model, 24, (row, forecast) -> fromBacktest.add(forecast));

    List<Forecast> fromEngine = new ArrayList<>();
    OfflineForecaster forecaster = new OfflineForecaster(Backtest.ENGINE, model);
    for (int row = 0; row < protocol.testEnd(); row++) {
      Forecast forecast = forecaster.accept(reading(series, row)).forecast();
      if (forecast != null) {
        fromEngine.add(forecast);
      }
    }
    assertEquals(fromEngine, fromBacktest);
    assertEquals(meanAbsoluteError(series, protocol, fromEngine, 4), scores.model().mae(), 1e-9);
    assertTrue(scores.model().coverage() > 0, "calibrated intervals cover some points");
  }

  /** The model's MAE recomputed from the engine's own forecasts at the protocol's positions. */
  private static double meanAbsoluteError(
      Series series, Protocol protocol, List<Forecast> forecasts, int horizon) {
    double sum = 0;
    int count = 0;
    for (int row = protocol.testStart() - 1; row <= protocol.testEnd() - horizon - 1; row++) {
      Forecast forecast = forecasts.get(row);
      for (int step = 1; step <= horizon; step++) {
        sum += Math.abs(series.value(row + step) - forecast.getHorizon().get(step - 1).getMean());
        count++;
      }
    }
    return sum / count;
  }

  static Series noisySine(int rows) {
    SplittableRandom random = new SplittableRandom(9);
    double[] values = new double[rows];
    for (int i = 0; i < rows; i++) {
      values[i] = 10 + 3 * Math.sin(2 * Math.PI * i / 24) + 0.3 * random.nextGaussian();
    }
    return series(values);
  }

  static TrainingSettings smallSettings(int horizon) {
    return new TrainingSettings(
        CellType.LSTM,
        Activation.TANH,
        new int[] {8},
        horizon,
        OutputKind.POINT,
        FeatureSpec.parse("value"),
        16,
        4,
        1e-2,
        TrainingSettings.OptimizerKind.ADAM,
        1.0,
        1.0,
        3,
        0,
        7,
        0.2,
        100,
        0.8,
        TrainingSettings.LossKind.MSE,
        1,
        1,
        0,
        0);
  }

  private static SensorReading reading(Series series, int row) {
    return SensorReading.newBuilder()
        .setSensorId(series.key())
        .setTimestamp(Instant.ofEpochMilli(series.timestamp(row)))
        .setValue(series.value(row))
        .setCovariates(Map.of())
        .build();
  }
}
