package io.nowcast.eval;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ForecastPoint;
import io.nowcast.avro.SensorReading;
import io.nowcast.engine.EngineSettings;
import io.nowcast.engine.OfflineForecaster;
import io.nowcast.engine.Outcome;
import io.nowcast.engine.ServingModel;
import io.nowcast.features.FeaturePipeline;
import io.nowcast.model.ModelContent;
import io.nowcast.model.SnapshotValidator;
import io.nowcast.model.Snapshots;
import io.nowcast.model.ValidatedModel;
import io.nowcast.nn.Network;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.optim.MeanSquaredError;
import io.nowcast.train.ConformalCalibrator;
import io.nowcast.train.HoldoutScorer;
import io.nowcast.train.ProgressListener;
import io.nowcast.train.Series;
import io.nowcast.train.Trainer;
import io.nowcast.train.TrainingResult;
import io.nowcast.train.TrainingSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains on a protocol's train split and scores the serving code path on its test split: the
 * trained {@link ModelContent} becomes a snapshot, passes the {@link SnapshotValidator} and is
 * served by an {@link OfflineForecaster} (the forecaster's {@code ForecastEngine}), which sees the
 * whole series in time order; the forecasts made at test positions are scored with
 * repeat-last-value and seasonal naive on the same positions.
 *
 * <p>Intervals: the conformal calibration is redone on the most recent {@code calibrationFraction}
 * of the validation split (residuals of the kept network), because the error level drifts and the
 * recent past predicts the test period's errors better than the whole validation split. This is
 * causal (only validation rows) and deterministic.
 */
public final class Backtest {

  /** Rows of the test split traced for the plot. */
  static final int TRACE_LENGTH = 500;

  /** The engine as the forecaster runs it; the accuracy reports it makes are not used here. */
  static final EngineSettings ENGINE = new EngineSettings(256, 1000, false, 0.8);

  private final TrainingSettings settings;
  private final double calibrationFraction;
  private final ProgressListener progress;

  /**
   * @param settings the training settings (horizon, network, seed, interval level)
   * @param calibrationFraction most recent fraction of the validation split that calibrates the
   *     intervals, in (0, 1]
   * @param progress receives one report per epoch
   */
  public Backtest(
      TrainingSettings settings, double calibrationFraction, ProgressListener progress) {
    if (!(calibrationFraction > 0 && calibrationFraction <= 1)) {
      throw new IllegalArgumentException(
          "calibrationFraction: expected a number in (0, 1], got " + calibrationFraction);
    }
    this.settings = settings;
    this.calibrationFraction = calibrationFraction;
    this.progress = progress;
  }

  /** Receives every forecast the engine made, with the index of the row that triggered it. */
  @FunctionalInterface
  public interface ForecastListener {
    void accept(int row, Forecast forecast);
  }

  /**
   * Trains, serves and scores; {@code season} 0 detects the seasonal-naive period on the train
   * rows.
   */
  public BacktestReport run(Series series, Protocol protocol, int season) {
    long start = System.nanoTime();
    TrainingResult result = train(series, protocol);
    ModelContent content = modelOf(result, series, protocol);
    ValidatedModel validated = validate(content);
    ServingModel model = ServingModel.from(validated, settings.intervalLevel());
    Scores scores =
        score(
            series, protocol, settings.horizon(), model, seasonOf(series, protocol, season), null);
    double seconds = (System.nanoTime() - start) / 1e9;
    return scores.report(protocol, series.size(), validated.toString(), result, seconds);
  }

  /** Validates {@code content} as a snapshot arriving on the models topic would be. */
  public static ValidatedModel validate(ModelContent content) {
    return SnapshotValidator.forServing().validate(Snapshots.toSnapshot(content));
  }

  /**
   * Trains on [0, trainEnd) with [trainEnd, validationEnd) for early stopping; test rows are never
   * seen.
   */
  public TrainingResult train(Series series, Protocol protocol) {
    Series.Split split = series.head(protocol.validationEnd()).splitAt(protocol.trainEnd());
    return new Trainer(settings, progress).trainOnSplits(List.of(split), null, false);
  }

  /**
   * The model to serve: the trained parameters with the intervals calibrated on recent validation
   * rows.
   */
  public ModelContent modelOf(TrainingResult result, Series series, Protocol protocol) {
    ModelContent trained =
        result.toModelContent(
            series.key(),
            1,
            Instant.ofEpochMilli(series.timestamp(0)),
            "backtest:" + protocol.name());
    Calibration calibration = recalibrate(result, series, protocol);
    return new ModelContent(
        trained.name(),
        trained.version(),
        trained.createdAt(),
        trained.spec(),
        trained.features(),
        trained.parameters(),
        calibration == null ? trained.calibration() : calibration,
        trained.training());
  }

  private Calibration recalibrate(TrainingResult result, Series series, Protocol protocol) {
    if (calibrationFraction == 1
        || result.calibration() == null
        || result.spec().output() != OutputKind.POINT) {
      return null;
    }
    int validationRows = protocol.validationEnd() - protocol.trainEnd();
    int start = protocol.validationEnd() - (int) Math.round(validationRows * calibrationFraction);
    ConformalCalibrator calibrator = new ConformalCalibrator(settings.horizon());
    List<Double> shrinkage = result.calibration().getShrinkage();
    HoldoutScorer.scoreShrunkNetwork(
        new Network(result.spec(), result.parameters()),
        FeaturePipeline.of(result.features()),
        List.of(series.head(protocol.validationEnd()).splitAt(start)),
        new MeanSquaredError(),
        shrinkage,
        null,
        calibrator);
    return calibrator.rule() == ConformalCalibrator.Rule.CONFORMAL
        ? calibrator.calibrate(settings.intervalLevel(), shrinkage)
        : null;
  }

  /** The seasonal-naive period: {@code season} when positive, else detected on the train rows. */
  public static int seasonOf(Series series, Protocol protocol, int season) {
    if (season > 0) {
      return season;
    }
    double[] values = new double[protocol.trainEnd()];
    for (int i = 0; i < values.length; i++) {
      values[i] = series.value(i);
    }
    return SeasonalPeriod.detect(values, values.length);
  }

  /**
   * Streams rows [0, testEnd) through the engine serving {@code model} and scores the forecasts at
   * the protocol's positions, with the baselines on the same positions.
   *
   * @param listener receives every forecast, or null
   * @throws IllegalStateException when the engine made no forecast at a scored position
   */
  public static Scores score(
      Series series,
      Protocol protocol,
      int horizon,
      ServingModel model,
      int season,
      ForecastListener listener) {
    OfflineForecaster forecaster = new OfflineForecaster(ENGINE, model);
    Scores scores = new Scores(horizon, season, protocol);
    for (int row = 0; row < protocol.testEnd(); row++) {
      Outcome outcome = forecaster.accept(readingOf(series, row));
      Forecast forecast = outcome.forecast();
      if (forecast != null && listener != null) {
        listener.accept(row, forecast);
      }
      int position = row + 1;
      if (forecast != null
          && position >= protocol.trainEnd()
          && position <= protocol.validationEnd() - horizon) {
        scores.addValidation(series, row, forecast);
      }
      if (position >= protocol.testStart() && position <= protocol.testEnd() - horizon) {
        if (forecast == null) {
          throw new IllegalStateException(
              "backtest: no forecast after row "
                  + row
                  + " of '"
                  + series.key()
                  + "' ("
                  + (outcome.wasSkipped() ? "skipped: " + outcome.skipped() : "no model")
                  + ")");
        }
        scores.add(series, row, forecast);
      }
      scores.trace(series, row, forecast);
    }
    return scores;
  }

  private static SensorReading readingOf(Series series, int row) {
    return SensorReading.newBuilder()
        .setSensorId(series.key())
        .setTimestamp(Instant.ofEpochMilli(series.timestamp(row)))
        .setValue(series.value(row))
        .setCovariates(Map.of())
        .build();
  }

  /** Error sums of the model and the baselines, and the trace, filled while streaming. */
  public static final class Scores {
    private final int horizon;
    private final int season;
    private final Protocol protocol;
    private final ErrorTally model;
    private final ErrorTally persistence;
    private final ErrorTally seasonalNaive;

    /**
     * The engine's intervals on the validation positions: how interval settings are judged without
     * the test split.
     */
    private final ErrorTally validationIntervals;

    private final ForecastTrace trace;
    private int positions;

    Scores(int horizon, int season, Protocol protocol) {
      this.horizon = horizon;
      this.season = season;
      this.protocol = protocol;
      this.model = new ErrorTally(horizon);
      this.persistence = new ErrorTally(horizon);
      this.seasonalNaive = new ErrorTally(horizon);
      this.validationIntervals = new ErrorTally(horizon);
      this.trace =
          ForecastTrace.empty(
              protocol.testStart(), Math.min(TRACE_LENGTH, protocol.positions(horizon)));
    }

    /**
     * Scores the forecast made after observing {@code row}: it covers rows row + 1 .. row +
     * horizon.
     */
    void add(Series series, int row, Forecast forecast) {
      double scale = protocol.scaleStd();
      List<ForecastPoint> points = forecast.getHorizon();
      for (int step = 1; step <= horizon; step++) {
        double actual = series.value(row + step);
        ForecastPoint point = points.get(step - 1);
        model.add(step - 1, (actual - point.getMean()) / scale);
        model.addInterval(
            step - 1,
            actual >= point.getLower() && actual <= point.getUpper(),
            (point.getUpper() - point.getLower()) / scale);
        persistence.add(step - 1, (actual - series.value(row)) / scale);
        seasonalNaive.add(step - 1, (actual - seasonalForecast(series, row, step)) / scale);
      }
      positions++;
    }

    /**
     * Tallies the interval hits of a forecast made at a validation position (rows row + 1 .. row +
     * horizon).
     */
    void addValidation(Series series, int row, Forecast forecast) {
      List<ForecastPoint> points = forecast.getHorizon();
      for (int step = 1; step <= horizon; step++) {
        double actual = series.value(row + step);
        ForecastPoint point = points.get(step - 1);
        validationIntervals.add(step - 1, (actual - point.getMean()) / protocol.scaleStd());
        validationIntervals.addInterval(
            step - 1,
            actual >= point.getLower() && actual <= point.getUpper(),
            (point.getUpper() - point.getLower()) / protocol.scaleStd());
      }
    }

    /**
     * Seasonal naive: the value one (or more) whole seasons before the target row, observed by
     * {@code row}.
     */
    private double seasonalForecast(Series series, int row, int step) {
      int seasonsBack = (step + season - 1) / season;
      return series.value(row + step - seasonsBack * season);
    }

    void trace(Series series, int row, Forecast forecast) {
      if (trace.covers(row)) {
        int i = row - trace.firstRow();
        trace.timestamps()[i] = series.timestamp(row);
        trace.actual()[i] = series.value(row);
      }
      if (forecast == null) {
        return;
      }
      List<ForecastPoint> points = forecast.getHorizon();
      if (trace.covers(row + 1)) {
        int i = row + 1 - trace.firstRow();
        trace.stepOneMean()[i] = points.get(0).getMean();
        trace.stepOneLower()[i] = points.get(0).getLower();
        trace.stepOneUpper()[i] = points.get(0).getUpper();
      }
      if (trace.covers(row + horizon)) {
        trace.lastStepMean()[row + horizon - trace.firstRow()] = points.get(horizon - 1).getMean();
      }
    }

    public int positions() {
      return positions;
    }

    public ErrorMetrics model() {
      return model.metrics(-1);
    }

    public ErrorMetrics persistence() {
      return persistence.metrics(-1);
    }

    public ErrorMetrics seasonalNaive() {
      return seasonalNaive.metrics(-1);
    }

    public ForecastTrace trace() {
      return trace;
    }

    BacktestReport report(
        Protocol protocol, int rows, String modelSummary, TrainingResult result, double seconds) {
      List<BacktestReport.StepReport> steps = new ArrayList<>(horizon);
      for (int s = 0; s < horizon; s++) {
        steps.add(
            new BacktestReport.StepReport(
                s + 1, model.metrics(s), persistence.metrics(s), seasonalNaive.metrics(s)));
      }
      return new BacktestReport(
          protocol,
          horizon,
          rows,
          positions,
          season,
          model(),
          persistence(),
          seasonalNaive(),
          steps,
          modelSummary,
          result.epochs(),
          result.bestEpoch(),
          result.ensemble(),
          result.calibrationRule().name().toLowerCase(Locale.ROOT),
          result.calibration() == null ? List.of() : result.calibration().getShrinkage(),
          BacktestReport.ValidationScore.of(
              result.challenger(), result.persistence(), protocol.scaleStd(), validationIntervals),
          trace,
          seconds);
    }
  }
}
