package io.nowcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.SensorReading;
import io.nowcast.engine.EngineSettings;
import io.nowcast.engine.OfflineForecaster;
import io.nowcast.engine.ServingModel;
import io.nowcast.features.FeatureSpec;
import io.nowcast.model.SnapshotValidator;
import io.nowcast.model.Snapshots;
import io.nowcast.nn.OutputKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Offline equals online: the holdout errors the trainer scores (and publishes on) are the errors of
 * the forecasts the forecaster serves for the same rows. A model is trained, its challenger score
 * is taken from the {@link TrainingResult}, then every key's rows are streamed through {@link
 * OfflineForecaster} serving the validated snapshot, and the errors at the same origins are summed
 * in the same order: the per-key, per-step MAE and RMSE in original units must be equal to the bit.
 */
class HoldoutScoringMatchesServingTest {

  private static final EngineSettings ENGINE = new EngineSettings(256, 100, false, 0.8);

  @Test
  void levelTargetWithAShrunkSingleNetwork() {
    TrainingResult result =
        assertTrainerScoresWhatIsServed(
            TrainingFixtures.small(3, 0, 5),
            List.of(
                TrainingFixtures.ar2("a", 900, 0.5, 11), TrainingFixtures.ar2("b", 700, 0.5, 12)));

    assertTrue(
        result.calibration().getShrinkage().stream().anyMatch(a -> a > 0 && a < 1),
        "a shrinkage strictly between 0 and 1, where rounding the shrunk mean would show: "
            + result.calibration().getShrinkage());
  }

  @Test
  void deltaTargetWithCovariatesAndAMergedEnsemble() {
    FeatureSpec features = FeatureSpec.parse("value,norm=ew(200),target=delta,diff,dt,cov=load");
    TrainingSettings settings =
        TrainingFixtures.withEnsemble(
            TrainingFixtures.settings(features, OutputKind.POINT, 4, 3, 0, 7, 1e-2), 2);
    assertTrainerScoresWhatIsServed(
        settings, List.of(withLoad(TrainingFixtures.noisySine("c", 900, 48, 0.2, 13), 17)));
  }

  /** Trains, compares, and returns the result for further checks. */
  private static TrainingResult assertTrainerScoresWhatIsServed(
      TrainingSettings settings, List<Series> series) {
    TrainingResult result = new Trainer(settings, ProgressListener.NONE).train(series);
    assertNotNull(result.calibration(), "the holdout is large enough to calibrate");
    ServingModel model =
        ServingModel.from(
            SnapshotValidator.forServing()
                .validate(
                    Snapshots.toSnapshot(result.toModelContent("m", 1, Instant.EPOCH, "test"))),
            0.8);
    Map<String, HoldoutScore> trained = result.challenger().byKey();
    assertEquals(series.size(), trained.size());
    for (Series one : series) {
      Series.Split split = one.split(settings.holdoutFraction());
      StepErrors served = servedErrors(model, split, settings.horizon());
      HoldoutScore scored = trained.get(one.key());
      for (int step = 1; step <= settings.horizon(); step++) {
        assertEquals(served.mae(step), scored.maeOriginal(step), one.key() + " MAE step " + step);
        assertEquals(
            served.rmse(step), scored.rmseOriginal(step), one.key() + " RMSE step " + step);
      }
    }
    return result;
  }

  /** The served forecasts' errors at the scorer's origins, summed in its order. */
  private static StepErrors servedErrors(ServingModel model, Series.Split split, int horizon) {
    Series series = split.series();
    OfflineForecaster forecaster = new OfflineForecaster(ENGINE, model);
    StepErrors errors = new StepErrors(horizon);
    int first = HoldoutScorer.firstOrigin(split);
    for (int t = 0; t < series.size(); t++) {
      Forecast forecast = forecaster.accept(readingOf(series, t)).forecast();
      if (t < first || t > series.size() - 1 - horizon) {
        continue;
      }
      for (int s = 0; s < horizon; s++) {
        errors.add(s, series.value(t + 1 + s) - forecast.getHorizon().get(s).getMean());
      }
    }
    return errors;
  }

  private static SensorReading readingOf(Series series, int t) {
    Map<String, Double> covariates = new HashMap<>();
    double[] values = series.covariates(t);
    for (int i = 0; i < values.length; i++) {
      covariates.put("load", values[i]);
    }
    return SensorReading.newBuilder()
        .setSensorId(series.key())
        .setTimestamp(Instant.ofEpochMilli(series.timestamp(t)))
        .setValue(series.value(t))
        .setCovariates(covariates)
        .build();
  }

  /** {@code series} with a covariate 'load' that is sometimes missing (NaN). */
  private static Series withLoad(Series series, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int length = series.size();
    long[] times = new long[length];
    double[] values = new double[length];
    double[][] load = new double[length][];
    for (int t = 0; t < length; t++) {
      times[t] = series.timestamp(t);
      values[t] = series.value(t);
      load[t] = new double[] {random.nextInt(10) == 0 ? Double.NaN : 3 + random.nextDouble()};
    }
    return Series.of(series.key(), times, values, load);
  }

  /** Per-step sums of absolute and squared errors, added in order. */
  private static final class StepErrors {
    private final List<double[]> sums = new ArrayList<>();
    private final long[] counts;

    StepErrors(int horizon) {
      counts = new long[horizon];
      for (int s = 0; s < horizon; s++) {
        sums.add(new double[2]);
      }
    }

    void add(int step, double error) {
      counts[step]++;
      sums.get(step)[0] += Math.abs(error);
      sums.get(step)[1] += error * error;
    }

    double mae(int step) {
      return sums.get(step - 1)[0] / counts[step - 1];
    }

    double rmse(int step) {
      return Math.sqrt(sums.get(step - 1)[1] / counts[step - 1]);
    }
  }
}
