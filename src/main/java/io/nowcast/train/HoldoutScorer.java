package io.nowcast.train;

import io.nowcast.avro.Calibration;
import io.nowcast.engine.ModelStepper;
import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureState;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkState;
import io.nowcast.nn.optim.LossFunction;
import java.util.List;

/**
 * Scores forecasters on the holdout exactly as the forecaster runs them: every series is streamed
 * from its first reading (so the recurrent and feature state are warm when the holdout starts)
 * through the engine's {@link ModelStepper}, the per-event code the forecaster serves with, and
 * each origin t whose whole horizon lies in the holdout ({@code trainEnd − 1 ≤ t ≤ size − 1 −
 * horizon}, and at least {@link TrainingData#WARM_UP_READINGS} readings seen) is scored against the
 * actual values. An error in original units is therefore the actual minus the mean the forecaster
 * would serve at that origin, bit for bit. All forecasters are scored on the same positions, so
 * their figures compare directly; the score of every key is kept too ({@link
 * HoldoutScore#byKey()}).
 */
public final class HoldoutScorer {

  private HoldoutScorer() {}

  /** Receives the normalised residual (actual − forecast) of every scored (position, step). */
  @FunctionalInterface
  public interface ResidualSink {
    void accept(int step, double residual);
  }

  /**
   * Receives, for every scored (position, step), the forecast, the actual and the repeat-last-value
   * forecast, all on the network's output scale.
   */
  @FunctionalInterface
  public interface OutputSink {
    void accept(int step, double output, double target, double persistence);
  }

  /** First origin scored in a split of a series, for a given horizon. */
  static int firstOrigin(Series.Split split) {
    return Math.max(split.trainEnd() - 1, TrainingData.WARM_UP_READINGS - 1);
  }

  /** Origins scored in a split: 0 when the holdout is shorter than the horizon. */
  static int positions(Series.Split split, int horizon) {
    return Math.max(0, split.series().size() - horizon - firstOrigin(split));
  }

  /**
   * Scores a network.
   *
   * @param loss the training loss, also reported on the holdout (for early stopping)
   * @param calibration intervals whose coverage is counted, or null
   * @param residuals receives every normalised residual, or null
   */
  public static HoldoutScore scoreNetwork(
      Network network,
      FeaturePipeline pipeline,
      List<Series.Split> splits,
      LossFunction loss,
      Calibration calibration,
      ResidualSink residuals) {
    return scoreShrunkNetwork(network, pipeline, splits, loss, null, calibration, residuals);
  }

  /**
   * Fits the per-step shrinkage toward repeat-last-value ({@link ShrinkageFit}) of a network's
   * forecasts on the holdout positions.
   */
  public static List<Double> fitShrinkage(
      Network network, FeaturePipeline pipeline, List<Series.Split> splits) {
    ShrinkageFit fit = new ShrinkageFit(network.spec().horizon());
    score(
        splits,
        network.spec().horizon(),
        new NetworkForecaster(ModelStepper.of(network, pipeline, null)),
        new Extras(null, null, null, fit));
    return fit.factors();
  }

  /**
   * Scores a network whose means are pulled toward repeat-last-value per step, as the forecaster
   * serves a model with a shrinkage ({@link FeaturePipeline#shrinkTowardLastValue}).
   *
   * @param shrinkage the factor per step, or null for none; the loss is of the unshrunk output
   * @param calibration intervals whose coverage is counted, or null
   * @param residuals receives every normalised residual of the shrunk forecast, or null
   */
  public static HoldoutScore scoreShrunkNetwork(
      Network network,
      FeaturePipeline pipeline,
      List<Series.Split> splits,
      LossFunction loss,
      List<Double> shrinkage,
      Calibration calibration,
      ResidualSink residuals) {
    return score(
        splits,
        network.spec().horizon(),
        new NetworkForecaster(ModelStepper.of(network, pipeline, shrinkage)),
        new Extras(loss, calibration, residuals, null));
  }

  /** Scores repeat-last-value: every step forecasts the origin's value. */
  public static HoldoutScore scorePersistence(
      FeaturePipeline pipeline, List<Series.Split> splits, int horizon) {
    return score(
        splits, horizon, new PersistenceForecaster(pipeline), new Extras(null, null, null, null));
  }

  /** What is scored: a forecaster stepped through a series, read at the scored origins. */
  private interface Forecaster {
    FeaturePipeline pipeline();

    /** A fresh feature state for the next series; the forecaster's own state is reset too. */
    FeatureState startSeries();

    void observe(FeatureState features, Series series, int t);

    /** Forecast of step {@code k} (0-based) on the network's output scale. */
    double normalisedMean(FeatureState features, int k);

    /** Forecast of step {@code k} (0-based) on the value's scale. */
    double mean(FeatureState features, int k);

    /** The network's raw outputs of the last step, for the loss. */
    float[] rawOutput();
  }

  /** A network served by the engine's stepper, its recurrent state carried along the series. */
  private static final class NetworkForecaster implements Forecaster {
    private final ModelStepper stepper;
    private final NetworkState state;

    NetworkForecaster(ModelStepper stepper) {
      this.stepper = stepper;
      this.state = stepper.network().newState();
    }

    @Override
    public FeaturePipeline pipeline() {
      return stepper.pipeline();
    }

    @Override
    public FeatureState startSeries() {
      state.reset();
      return stepper.pipeline().newState();
    }

    @Override
    public void observe(FeatureState features, Series series, int t) {
      stepper.observe(features, state, series.timestamp(t), series.value(t), series.covariates(t));
    }

    @Override
    public double normalisedMean(FeatureState features, int k) {
      return stepper.normalisedMean(features, k);
    }

    @Override
    public double mean(FeatureState features, int k) {
      return stepper.mean(features, k);
    }

    @Override
    public float[] rawOutput() {
      return stepper.output();
    }
  }

  /** Repeat-last-value: the origin's value for every step, as the persistence fallback serves. */
  private static final class PersistenceForecaster implements Forecaster {
    private final FeaturePipeline pipeline;
    private final float[] input;

    PersistenceForecaster(FeaturePipeline pipeline) {
      this.pipeline = pipeline;
      this.input = new float[pipeline.inputSize()];
    }

    @Override
    public FeaturePipeline pipeline() {
      return pipeline;
    }

    @Override
    public FeatureState startSeries() {
      return pipeline.newState();
    }

    @Override
    public void observe(FeatureState features, Series series, int t) {
      pipeline.observe(features, series.timestamp(t), series.value(t), series.covariates(t), input);
    }

    @Override
    public double normalisedMean(FeatureState features, int k) {
      return pipeline.normaliseTarget(features, features.lastValue());
    }

    @Override
    public double mean(FeatureState features, int k) {
      return features.lastValue();
    }

    @Override
    public float[] rawOutput() {
      throw new IllegalStateException("repeat-last-value has no network output");
    }
  }

  /** Optional work done at each scored origin. */
  private record Extras(
      LossFunction loss, Calibration calibration, ResidualSink residuals, OutputSink outputs) {}

  private static HoldoutScore score(
      List<Series.Split> splits, int horizon, Forecaster forecaster, Extras extras) {
    HoldoutScore pooled = new HoldoutScore(horizon);
    OriginScorer origins = new OriginScorer(forecaster, extras, horizon);
    for (Series.Split split : splits) {
      Series series = split.series();
      HoldoutScore key = new HoldoutScore(horizon);
      FeatureState features = forecaster.startSeries();
      int first = firstOrigin(split);
      int last = series.size() - 1 - horizon;
      for (int t = 0; t < series.size(); t++) {
        forecaster.observe(features, series, t);
        if (t >= first && t <= last) {
          origins.score(pooled, key, features, series, t);
        }
      }
      pooled.keepKey(series.key(), key);
    }
    return pooled;
  }

  /** Scores the forecasts made at one origin against the next {@code horizon} actual values. */
  private static final class OriginScorer {
    private final Forecaster forecaster;
    private final FeaturePipeline pipeline;
    private final Extras extras;
    private final float[] targets;
    private final float[] gradientScratch;

    OriginScorer(Forecaster forecaster, Extras extras, int horizon) {
      this.forecaster = forecaster;
      this.pipeline = forecaster.pipeline();
      this.extras = extras;
      this.targets = new float[horizon];
      this.gradientScratch =
          extras.loss() == null ? null : new float[forecaster.rawOutput().length];
    }

    /**
     * Adds the origin's errors to the pooled score and to the key's (both in scoring order, so the
     * pooled sums do not depend on how the keys are grouped).
     */
    void score(
        HoldoutScore pooled, HoldoutScore key, FeatureState features, Series series, int origin) {
      for (int s = 0; s < targets.length; s++) {
        double actual = series.value(origin + 1 + s);
        double target = pipeline.normaliseTarget(features, actual);
        double forecast = forecaster.normalisedMean(features, s);
        double residual = target - forecast;
        double error = actual - forecaster.mean(features, s);
        pooled.add(s, residual, error);
        key.add(s, residual, error);
        recordResidual(pooled, key, s, residual);
        if (extras.outputs() != null) {
          extras
              .outputs()
              .accept(
                  s, forecast, target, pipeline.normaliseTarget(features, features.lastValue()));
        }
        targets[s] = (float) target;
      }
      if (extras.loss() != null) {
        double loss =
            extras
                .loss()
                .accumulate(
                    forecaster.rawOutput(), 0, targets, 0, targets.length, gradientScratch, 0, 0f);
        pooled.addLoss(loss);
        key.addLoss(loss);
      }
    }

    private void recordResidual(HoldoutScore pooled, HoldoutScore key, int step, double residual) {
      if (extras.calibration() != null) {
        double lower = extras.calibration().getLower().get(step);
        double upper = extras.calibration().getUpper().get(step);
        boolean inside = residual >= lower && residual <= upper;
        pooled.addCoverage(inside);
        key.addCoverage(inside);
      }
      if (extras.residuals() != null) {
        extras.residuals().accept(step, residual);
      }
    }
  }
}
