package io.nowcast.engine;

import io.nowcast.avro.Calibration;
import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureState;
import io.nowcast.model.ModelContent;
import io.nowcast.model.ModelKey;
import io.nowcast.model.ValidatedModel;
import io.nowcast.nn.Network;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.optim.GaussianNll;
import java.util.List;

/**
 * A validated model ready to serve: its network, its feature pipeline and its interval rule.
 * Immutable and shared by all stream threads (each thread's {@link ForecastEngine} owns the scratch
 * memory).
 *
 * <p>Interval rule, first that applies: the snapshot's calibration (per-step lower/upper offsets in
 * normalised units, added to the mean after de-normalising them as scales with the key's current
 * statistics) at the calibration's level; for PROBABILISTIC models the Gaussian interval mean ± z·σ
 * with z = Φ⁻¹((1 + level)/2) and σ the de-normalised softplus scale; otherwise an empty interval
 * (lower = upper = mean). The last two use the default level.
 *
 * <p>A calibration may carry a per-step shrinkage α: the served mean is then the network's output
 * pulled toward repeat-last-value, p + α·(output − p), exactly as the trainer scored and calibrated
 * it.
 */
public final class ServingModel {
  private final String name;
  private final long version;
  private final Network network;
  private final FeaturePipeline pipeline;
  private final int horizon;
  private final double intervalLevel;
  private final double[] calibratedLower;
  private final double[] calibratedUpper;

  /**
   * Per step, the pull toward repeat-last-value (FeaturePipeline#shrinkTowardLastValue, applied by
   * the {@link ModelStepper}); null for none.
   */
  private final double[] shrinkage;

  /** z of the Gaussian interval; 0 when the rule is the calibration or the empty interval. */
  private final double gaussianZ;

  private ServingModel(
      ValidatedModel model, FeaturePipeline pipeline, double defaultIntervalLevel) {
    ModelContent content = model.content();
    this.name = content.name();
    this.version = content.version();
    // Serving never updates parameters, so a merged seed ensemble may step block by block (same
    // outputs).
    this.network = Network.forServing(content.spec(), model.parameters());
    this.pipeline = pipeline;
    this.horizon = content.spec().horizon();
    Calibration calibration = content.calibration();
    if (calibration != null) {
      this.intervalLevel = calibration.getLevel();
      this.calibratedLower = toArray(calibration.getLower());
      this.calibratedUpper = toArray(calibration.getUpper());
      this.shrinkage =
          calibration.getShrinkage().isEmpty() ? null : toArray(calibration.getShrinkage());
      this.gaussianZ = 0;
    } else {
      this.intervalLevel = defaultIntervalLevel;
      this.calibratedLower = null;
      this.calibratedUpper = null;
      this.shrinkage = null;
      boolean probabilistic = content.spec().output() == OutputKind.PROBABILISTIC;
      this.gaussianZ = probabilistic ? GaussianQuantile.centralZ(defaultIntervalLevel) : 0;
    }
  }

  /**
   * The serving form of {@code model}. The validation it passed checked that its feature spec
   * parses and gives {@code input_size} inputs.
   *
   * @param defaultIntervalLevel the interval level when the model has no calibration, in (0, 1)
   * @throws IllegalArgumentException if the level is out of range
   */
  public static ServingModel from(ValidatedModel model, double defaultIntervalLevel) {
    if (!(defaultIntervalLevel > 0 && defaultIntervalLevel < 1)) {
      throw new IllegalArgumentException(
          "defaultIntervalLevel: expected a value in (0, 1), got " + defaultIntervalLevel);
    }
    FeaturePipeline pipeline = FeaturePipeline.of(model.content().features());
    return new ServingModel(model, pipeline, defaultIntervalLevel);
  }

  private static double[] toArray(List<Double> values) {
    double[] array = new double[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i);
    }
    return array;
  }

  public String name() {
    return name;
  }

  public long version() {
    return version;
  }

  public Network network() {
    return network;
  }

  public FeaturePipeline pipeline() {
    return pipeline;
  }

  public int horizon() {
    return horizon;
  }

  /** Nominal coverage of the intervals this model's forecasts carry. */
  public double intervalLevel() {
    return intervalLevel;
  }

  /** The models-topic key. */
  public ModelKey key() {
    return new ModelKey(name, version);
  }

  /**
   * Whether forecasts carry a non-empty interval (a calibration or a Gaussian scale), which can be
   * adapted.
   */
  boolean hasIntervals() {
    return calibratedLower != null || gaussianZ != 0;
  }

  /**
   * A stepper of this model (its network, pipeline and shrinkage) with scratch of its own, for one
   * thread.
   */
  public ModelStepper newStepper() {
    return new ModelStepper(network, pipeline, shrinkage);
  }

  /** What to add to the mean of step {@code k} for the lower bound (≤ 0 for sane calibrations). */
  double lowerOffset(FeatureState features, float[] out, int k) {
    if (calibratedLower != null) {
      return pipeline.denormaliseScale(features, calibratedLower[k]);
    }
    return -gaussianHalfWidth(features, out, k);
  }

  /** What to add to the mean of step {@code k} for the upper bound. */
  double upperOffset(FeatureState features, float[] out, int k) {
    if (calibratedUpper != null) {
      return pipeline.denormaliseScale(features, calibratedUpper[k]);
    }
    return gaussianHalfWidth(features, out, k);
  }

  private double gaussianHalfWidth(FeatureState features, float[] out, int k) {
    if (gaussianZ == 0) {
      return 0;
    }
    return gaussianZ * pipeline.denormaliseScale(features, scale(out[horizon + k]));
  }

  /**
   * σ of a raw scale output, the formula of {@link GaussianNll#scale} evaluated with {@link
   * StrictMath} so a restarted JVM reproduces the interval bit for bit.
   */
  static double scale(double raw) {
    return Math.max(raw, 0)
        + StrictMath.log1p(StrictMath.exp(-Math.abs(raw)))
        + GaussianNll.MIN_SCALE;
  }

  @Override
  public String toString() {
    return key() + " " + network.spec() + " features '" + pipeline.spec() + "'";
  }
}
