package io.nowcast.engine;

import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ForecastPoint;
import io.nowcast.avro.SensorReading;
import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureState;
import io.nowcast.nn.NetworkState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-event algorithm shared by the forecaster and the backtest: one reading in, the key's new
 * state plus at most one forecast and one accuracy report out (see the package documentation for
 * the steps). One instance per stream thread: it owns the network workspace and the scratch feature
 * and recurrent states, so an event allocates only its output records and, when the caller stores
 * it, the state blob. Not thread-safe.
 */
public final class ForecastEngine {
  /** {@code model_name} of the forecasts the persistence fallback emits. */
  public static final String PERSISTENCE_MODEL_NAME = "persistence";

  /** {@code model_version} of persistence forecasts. */
  public static final long PERSISTENCE_MODEL_VERSION = 0;

  /**
   * γ of the shared interval scale (adaptive conformal inference on a log scale): each scored
   * step-1 interval multiplies it by exp(γ·(miss − (1 − level))), so it stands still exactly when
   * the miss rate equals the nominal one. 0.02 moves the width by ~1.6 % per miss: it follows a
   * change of error level within a few hundred events without making the width jumpy.
   */
  static final double INTERVAL_ADAPTATION_RATE = 0.02;

  /**
   * γ of a step's own scale. It moves only when a probe reaches that step (every ⌈H/4⌉ events, see
   * {@link KeyState#MAX_PROBES}), and the ACI coverage error shrinks like 1 / (γ × updates), so it
   * takes larger steps than the shared scale to correct a step's miscalibration within a few
   * hundred updates, at the price of wider swings of that step's width.
   */
  static final double STEP_ADAPTATION_RATE = 0.1;

  /**
   * Bounds of each interval scale, so a long run of misses (or hits) cannot blow it up or collapse
   * it.
   */
  static final double MIN_INTERVAL_SCALE = 1.0 / 16;

  static final double MAX_INTERVAL_SCALE = 16;

  private final EngineSettings settings;

  /**
   * Without a model the engine still tracks the key's typical interval (for the timestamps of
   * persistence forecasts) with the default pipeline; a model's pipeline replaces it on re-warm.
   */
  private final FeaturePipeline noModelPipeline = FeaturePipeline.of("value");

  private final FeatureState noModelFeatures = noModelPipeline.newState();
  private final float[] noModelInput = new float[noModelPipeline.inputSize()];

  private ServingModel boundModel;
  private ModelStepper stepper;
  private NetworkState networkState;
  private FeatureState features;

  public ForecastEngine(EngineSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public EngineSettings settings() {
    return settings;
  }

  /**
   * Processes one reading of one key. {@code stateOrNull} is null for a new key; otherwise it is
   * updated in place and returned in the outcome (store it). Never throws for finite input; the
   * caller dead-letters non-finite values first.
   *
   * @param producedAtMillis wall-clock time to stamp on the forecast ({@code produced_at})
   * @throws IllegalArgumentException if the reading's value is not finite
   */
  public Outcome onReading(
      KeyState stateOrNull,
      SensorReading reading,
      ServingModel modelOrNull,
      long producedAtMillis) {
    long timestamp = reading.getTimestamp().toEpochMilli();
    double value = reading.getValue();
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "sensor "
              + reading.getSensorId()
              + " at "
              + timestamp
              + ": value must be finite, got "
              + value);
    }
    boolean noModel = modelOrNull == null;
    if (stateOrNull != null
        && stateOrNull.observations > 0
        && timestamp <= stateOrNull.lastTimestamp) {
      return Outcome.skippedBecause(
          timestamp == stateOrNull.lastTimestamp ? SkipReason.DUPLICATE : SkipReason.OUT_OF_ORDER,
          noModel);
    }
    KeyState state = stateOrNull == null ? new KeyState(settings.ringBufferSize()) : stateOrNull;
    state.ring.resize(settings.ringBufferSize());
    boolean rewarmed = noModel ? loadWithoutModel(state) : loadWithModel(state, modelOrNull);
    if (!noModel) {
      adaptIntervalScales(state, modelOrNull, value);
    }
    AccuracyReport report = score(state, reading.getSensorId(), timestamp, value);
    state.ring.add(timestamp, value, reading.getCovariates());
    Forecast forecast =
        noModel
            ? observeWithoutModel(state, reading, producedAtMillis)
            : observeWithModel(state, reading, modelOrNull, producedAtMillis);
    state.observations++;
    state.lastTimestamp = timestamp;
    state.lastValue = value;
    return new Outcome(state, forecast, report, null, rewarmed, noModel);
  }

  // ---- loading the key's recurrent and feature state into the scratch objects ----

  /**
   * Loads the key's state into the scratch objects for {@code model}, re-warming it when it was
   * computed by another model (or its stored sizes do not fit this one); true if a key with history
   * was re-warmed.
   */
  private boolean loadWithModel(KeyState state, ServingModel model) {
    bind(model);
    boolean current =
        state.modelVersion == model.version()
            && state.network.length == networkState.serializedSize()
            && state.features.length == features.sizeBytes();
    if (current) {
      networkState.readFrom(ByteBuffer.wrap(state.network));
      features.readFrom(ByteBuffer.wrap(state.features));
      if (state.stepScales.length != intervalSteps(model)) {
        // A state read from format v1 has no per-step scales yet.
        state.resetIntervalScales(intervalSteps(model));
      }
      return false;
    }
    rewarm(state.ring, model);
    state.modelVersion = model.version();
    // The scales learnt for the previous model's errors say nothing about this one's.
    state.resetIntervalScales(intervalSteps(model));
    if (state.network.length != networkState.serializedSize()) {
      state.network = new byte[networkState.serializedSize()];
    }
    if (state.features.length != features.sizeBytes()) {
      state.features = new byte[features.sizeBytes()];
    }
    // A key with history was rebuilt for this model (from however much the ring held); a new key
    // was not.
    return state.observations > 0;
  }

  /**
   * Replays the ring through the model from a zero recurrent state and fresh feature statistics.
   */
  private void rewarm(ObservationRing ring, ServingModel model) {
    networkState.reset();
    features.clear();
    for (int i = 0; i < ring.size(); i++) {
      stepper.observe(features, networkState, ring.timestamp(i), ring.value(i), ring.covariates(i));
    }
  }

  /** Scratch sized for {@code model}; reallocated only when the model changes. */
  private void bind(ServingModel model) {
    if (model == boundModel) {
      return;
    }
    stepper = model.newStepper();
    networkState = model.network().newState();
    features = model.pipeline().newState();
    boundModel = model;
  }

  /**
   * Without a model only the default pipeline's statistics advance; returns false (nothing
   * re-warmed).
   */
  private boolean loadWithoutModel(KeyState state) {
    boolean current =
        state.modelVersion == KeyState.NO_MODEL
            && state.features.length == noModelFeatures.sizeBytes();
    if (current) {
      noModelFeatures.readFrom(ByteBuffer.wrap(state.features));
      return false;
    }
    noModelFeatures.clear();
    ObservationRing ring = state.ring;
    for (int i = 0; i < ring.size(); i++) {
      noModelPipeline.observe(
          noModelFeatures, ring.timestamp(i), ring.value(i), Map.of(), noModelInput);
    }
    state.modelVersion = KeyState.NO_MODEL;
    state.network = KeyState.EMPTY;
    state.features = new byte[noModelFeatures.sizeBytes()];
    return false;
  }

  // ---- one observation ----

  private Forecast observeWithModel(
      KeyState state, SensorReading reading, ServingModel model, long producedAtMillis) {
    long timestamp = reading.getTimestamp().toEpochMilli();
    stepper.observe(features, networkState, timestamp, reading.getValue(), reading.getCovariates());
    networkState.writeTo(ByteBuffer.wrap(state.network));
    features.writeTo(ByteBuffer.wrap(state.features));
    Forecast forecast = modelForecast(reading, model, state, producedAtMillis);
    startProbeOnSchedule(state, forecast);
    ForecastPoint first = forecast.getHorizon().get(0);
    remember(state, model.version(), first.getMean(), first.getLower(), first.getUpper());
    return forecast;
  }

  private Forecast modelForecast(
      SensorReading reading, ServingModel model, KeyState state, long producedAtMillis) {
    FeaturePipeline pipeline = model.pipeline();
    List<ForecastPoint> points = new ArrayList<>(model.horizon());
    for (int k = 0; k < model.horizon(); k++) {
      double mean = stepper.mean(features, k);
      double scale = state.stepScales.length == 0 ? 1 : state.intervalScale * state.stepScales[k];
      double lower = mean + scale * model.lowerOffset(features, stepper.output(), k);
      double upper = mean + scale * model.upperOffset(features, stepper.output(), k);
      points.add(
          Records.point(k + 1, pipeline.expectedTimestamp(features, k + 1), mean, lower, upper));
    }
    return Records.forecast(
        reading.getSensorId(),
        reading.getTimestamp(),
        reading.getValue(),
        model.name(),
        model.version(),
        points,
        model.intervalLevel(),
        producedAtMillis);
  }

  private Forecast observeWithoutModel(
      KeyState state, SensorReading reading, long producedAtMillis) {
    long timestamp = reading.getTimestamp().toEpochMilli();
    double value = reading.getValue();
    noModelPipeline.observe(noModelFeatures, timestamp, value, Map.of(), noModelInput);
    noModelFeatures.writeTo(ByteBuffer.wrap(state.features));
    if (!settings.persistenceFallback()) {
      state.pendingPresent = false;
      return null;
    }
    remember(state, PERSISTENCE_MODEL_VERSION, value, value, value);
    long expected = noModelPipeline.expectedTimestamp(noModelFeatures, 1);
    List<ForecastPoint> points = List.of(Records.point(1, expected, value, value, value));
    return Records.forecast(
        reading.getSensorId(),
        reading.getTimestamp(),
        value,
        PERSISTENCE_MODEL_NAME,
        PERSISTENCE_MODEL_VERSION,
        points,
        settings.defaultIntervalLevel(),
        producedAtMillis);
  }

  private static void remember(
      KeyState state, long modelVersion, double mean, double lower, double upper) {
    state.pendingPresent = true;
    state.pendingModelVersion = modelVersion;
    state.pendingMean = mean;
    state.pendingLower = lower;
    state.pendingUpper = upper;
  }

  // ---- online accuracy ----

  /**
   * Steps whose interval scales a key keeps for {@code model}: its horizon, or 0 without intervals.
   */
  private static int intervalSteps(ServingModel model) {
    return model.hasIntervals() ? model.horizon() : 0;
  }

  /**
   * Adaptive conformal inference, twice: the pending step-1 forecast of the current model moves the
   * key's shared scale (every event, so a change of error level is followed quickly), and each
   * probe in flight moves the scale of the step it reaches with this actual (so the steps'
   * coverages converge one by one). Up after a miss, down after a hit; forecasts of another model
   * (or persistence) carry no information about these scales.
   */
  private static void adaptIntervalScales(KeyState state, ServingModel model, double actual) {
    if (state.stepScales.length == 0
        || state.modelVersion != model.version()
        || state.observations == 0) {
      return;
    }
    double nominalMiss = 1 - model.intervalLevel();
    if (state.pendingPresent && state.pendingModelVersion == model.version()) {
      boolean miss = actual < state.pendingLower || actual > state.pendingUpper;
      state.intervalScale =
          adapted(state.intervalScale, INTERVAL_ADAPTATION_RATE, miss, nominalMiss);
    }
    int steps = state.stepScales.length;
    for (int p = 0; p < state.probeAge.length; p++) {
      int k = state.probeAge[p];
      if (k < steps) {
        boolean miss =
            actual < state.probeLower[p * steps + k] || actual > state.probeUpper[p * steps + k];
        state.stepScales[k] = adapted(state.stepScales[k], STEP_ADAPTATION_RATE, miss, nominalMiss);
        state.probeAge[p] = k + 1;
      }
    }
  }

  /** One ACI step on a log scale, within the bounds: × exp(γ·(miss − nominal miss rate)). */
  private static double adapted(double scale, double rate, boolean miss, double nominalMiss) {
    double next = scale * StrictMath.exp(rate * ((miss ? 1 : 0) - nominalMiss));
    return Math.min(MAX_INTERVAL_SCALE, Math.max(MIN_INTERVAL_SCALE, next));
  }

  /**
   * Every stride-th forecast becomes a probe, in the slot of the oldest probe, which has scored all
   * its steps by then (probes × stride ≥ H).
   */
  private static void startProbeOnSchedule(KeyState state, Forecast forecast) {
    int steps = state.stepScales.length;
    if (steps == 0) {
      return;
    }
    int stride = KeyState.probeStride(steps);
    int clock = state.probeClock;
    state.probeClock = (clock + 1) % (state.probeAge.length * stride);
    if (clock % stride != 0) {
      return;
    }
    int p = clock / stride;
    List<ForecastPoint> points = forecast.getHorizon();
    for (int k = 0; k < steps; k++) {
      state.probeLower[p * steps + k] = points.get(k).getLower();
      state.probeUpper[p * steps + k] = points.get(k).getUpper();
    }
    state.probeAge[p] = 0;
  }

  /**
   * Scores the pending step-1 forecast against this actual; returns a report when a window
   * completes.
   */
  private AccuracyReport score(KeyState state, String sensorId, long timestamp, double actual) {
    if (!state.pendingPresent || state.observations == 0) {
      return null;
    }
    double error = actual - state.pendingMean;
    double persistenceError = actual - state.lastValue;
    if (state.scoredCount == 0) {
      state.windowStart = timestamp;
    }
    state.scoredCount++;
    state.sumAbsoluteError += Math.abs(error);
    state.sumSquaredError += error * error;
    state.sumAbsolutePersistenceError += Math.abs(persistenceError);
    if (state.pendingLower <= actual && actual <= state.pendingUpper) {
      state.covered++;
    }
    state.windowEnd = timestamp;
    state.scoredModelVersion = state.pendingModelVersion;
    state.pendingPresent = false;
    if (state.scoredCount < settings.accuracyEveryEvents()) {
      return null;
    }
    AccuracyReport report = Records.report(sensorId, state);
    state.resetAccuracy();
    return report;
  }
}
