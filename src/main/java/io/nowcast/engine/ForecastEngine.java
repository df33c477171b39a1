package io.nowcast.engine;

import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ForecastPoint;
import io.nowcast.avro.SensorReading;
import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureState;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkState;
import io.nowcast.nn.StepWorkspace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-event algorithm shared by the forecaster and the backtest: one reading in, the key's new
 * state plus at most one forecast and one accuracy report out (see the package documentation for
 * the steps). One instance per stream thread: it owns the network workspace and the scratch
 * feature and recurrent states, so an event allocates only its output records and, when the caller
 * stores it, the state blob. Not thread-safe.
 */
public final class ForecastEngine {
  /** {@code model_name} of the forecasts the persistence fallback emits. */
  public static final String PERSISTENCE_MODEL_NAME = "persistence";
  /** {@code model_version} of persistence forecasts. */
  public static final long PERSISTENCE_MODEL_VERSION = 0;
  /**
   * γ of the online interval adjustment (adaptive conformal inference on a log scale): after each
   * scored step-1 forecast the key's interval scale is multiplied by exp(γ·(miss − (1 − level))),
   * so it stands still exactly when the miss rate equals the nominal one. 0.02 moves the width by
   * ~1.6 % per miss: it follows a change of error level within a few hundred events without making
   * the width jumpy from one event to the next.
   */
  static final double INTERVAL_ADAPTATION_RATE = 0.02;
  /** Bounds of the interval scale, so a long run of misses (or hits) cannot blow it up or collapse it. */
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
  private NetworkState networkState;
  private StepWorkspace workspace;
  private FeatureState features;
  private float[] input;
  private float[] output;

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
  public Outcome onReading(KeyState stateOrNull, SensorReading reading, ServingModel modelOrNull, long producedAtMillis) {
    long timestamp = reading.getTimestamp().toEpochMilli();
    double value = reading.getValue();
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "sensor " + reading.getSensorId() + " at " + timestamp + ": value must be finite, got " + value);
    }
    boolean noModel = modelOrNull == null;
    if (stateOrNull != null && stateOrNull.observations > 0 && timestamp <= stateOrNull.lastTimestamp) {
      return Outcome.skippedBecause(
          timestamp == stateOrNull.lastTimestamp ? SkipReason.DUPLICATE : SkipReason.OUT_OF_ORDER, noModel);
    }
    KeyState state = stateOrNull == null ? new KeyState(settings.ringBufferSize()) : stateOrNull;
    state.ring.resize(settings.ringBufferSize());
    boolean rewarmed = noModel ? loadWithoutModel(state) : loadWithModel(state, modelOrNull);
    if (!noModel) {
      adaptIntervalScale(state, modelOrNull, value);
    }
    AccuracyReport report = score(state, reading.getSensorId(), timestamp, value);
    state.ring.add(timestamp, value, reading.getCovariates());
    Forecast forecast = noModel
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
    boolean current = state.modelVersion == model.version()
        && state.network.length == networkState.serializedSize()
        && state.features.length == features.sizeBytes();
    if (current) {
      networkState.readFrom(ByteBuffer.wrap(state.network));
      features.readFrom(ByteBuffer.wrap(state.features));
      return false;
    }
    rewarm(state.ring, model);
    state.modelVersion = model.version();
    // The scale learnt for the previous model's errors says nothing about this one's.
    state.intervalScale = 1;
    if (state.network.length != networkState.serializedSize()) {
      state.network = new byte[networkState.serializedSize()];
    }
    if (state.features.length != features.sizeBytes()) {
      state.features = new byte[features.sizeBytes()];
    }
    // A key with history was rebuilt for this model (from however much the ring held); a new key was not.
    return state.observations > 0;
  }

  /** Replays the ring through the model from a zero recurrent state and fresh feature statistics. */
  private void rewarm(ObservationRing ring, ServingModel model) {
    networkState.reset();
    features.clear();
    FeaturePipeline pipeline = model.pipeline();
    Network network = model.network();
    for (int i = 0; i < ring.size(); i++) {
      pipeline.observe(features, ring.timestamp(i), ring.value(i), ring.covariates(i), input);
      network.step(networkState, input, workspace, output);
    }
  }

  /** Scratch sized for {@code model}; reallocated only when the model changes. */
  private void bind(ServingModel model) {
    if (model == boundModel) {
      return;
    }
    Network network = model.network();
    networkState = network.newState();
    workspace = network.newWorkspace();
    features = model.pipeline().newState();
    input = new float[model.pipeline().inputSize()];
    output = new float[network.spec().outputSize()];
    boundModel = model;
  }

  /** Without a model only the default pipeline's statistics advance; returns false (nothing re-warmed). */
  private boolean loadWithoutModel(KeyState state) {
    boolean current = state.modelVersion == KeyState.NO_MODEL && state.features.length == noModelFeatures.sizeBytes();
    if (current) {
      noModelFeatures.readFrom(ByteBuffer.wrap(state.features));
      return false;
    }
    noModelFeatures.clear();
    ObservationRing ring = state.ring;
    for (int i = 0; i < ring.size(); i++) {
      noModelPipeline.observe(noModelFeatures, ring.timestamp(i), ring.value(i), Map.of(), noModelInput);
    }
    state.modelVersion = KeyState.NO_MODEL;
    state.network = KeyState.EMPTY;
    state.features = new byte[noModelFeatures.sizeBytes()];
    return false;
  }

  // ---- one observation ----

  private Forecast observeWithModel(KeyState state, SensorReading reading, ServingModel model, long producedAtMillis) {
    long timestamp = reading.getTimestamp().toEpochMilli();
    model.pipeline().observe(features, timestamp, reading.getValue(), reading.getCovariates(), input);
    model.network().step(networkState, input, workspace, output);
    networkState.writeTo(ByteBuffer.wrap(state.network));
    features.writeTo(ByteBuffer.wrap(state.features));
    Forecast forecast = modelForecast(reading, model, state.intervalScale, producedAtMillis);
    ForecastPoint first = forecast.getHorizon().get(0);
    remember(state, model.version(), first.getMean(), first.getLower(), first.getUpper());
    return forecast;
  }

  private Forecast modelForecast(
      SensorReading reading, ServingModel model, double intervalScale, long producedAtMillis) {
    FeaturePipeline pipeline = model.pipeline();
    List<ForecastPoint> points = new ArrayList<>(model.horizon());
    for (int k = 0; k < model.horizon(); k++) {
      double mean = model.mean(features, output, k);
      double lower = mean + intervalScale * model.lowerOffset(features, output, k);
      double upper = mean + intervalScale * model.upperOffset(features, output, k);
      points.add(Records.point(k + 1, pipeline.expectedTimestamp(features, k + 1), mean, lower, upper));
    }
    return Records.forecast(reading.getSensorId(), reading.getTimestamp(), reading.getValue(), model.name(),
        model.version(), points, model.intervalLevel(), producedAtMillis);
  }

  private Forecast observeWithoutModel(KeyState state, SensorReading reading, long producedAtMillis) {
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
    return Records.forecast(reading.getSensorId(), reading.getTimestamp(), value, PERSISTENCE_MODEL_NAME,
        PERSISTENCE_MODEL_VERSION, points, settings.defaultIntervalLevel(), producedAtMillis);
  }

  private static void remember(KeyState state, long modelVersion, double mean, double lower, double upper) {
    state.pendingPresent = true;
    state.pendingModelVersion = modelVersion;
    state.pendingMean = mean;
    state.pendingLower = lower;
    state.pendingUpper = upper;
  }

  // ---- online accuracy ----

  /**
   * Adaptive conformal inference: nudges the key's interval scale after the pending step-1 forecast
   * of the current model is scored, up after a miss and down after a hit, so the intervals of every
   * step follow the key's current error level instead of the calibration split's. Forecasts of
   * another model (or persistence) and empty intervals carry no information about the scale.
   */
  private static void adaptIntervalScale(KeyState state, ServingModel model, double actual) {
    boolean scorable = state.pendingPresent && state.observations > 0
        && state.pendingModelVersion == model.version() && state.modelVersion == model.version()
        && state.pendingUpper > state.pendingLower;
    if (!scorable) {
      return;
    }
    double miss = actual < state.pendingLower || actual > state.pendingUpper ? 1 : 0;
    double nominalMiss = 1 - model.intervalLevel();
    double scale = state.intervalScale * StrictMath.exp(INTERVAL_ADAPTATION_RATE * (miss - nominalMiss));
    state.intervalScale = Math.min(MAX_INTERVAL_SCALE, Math.max(MIN_INTERVAL_SCALE, scale));
  }

  /** Scores the pending step-1 forecast against this actual; returns a report when a window completes. */
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
