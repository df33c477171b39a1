package io.nowcast.engine;

import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ForecastPoint;
import io.nowcast.avro.SensorReading;
import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureState;
import io.nowcast.nn.NetworkState;
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
    SkipReason skip = stateOrNull == null ? null : stateOrNull.progress.skipReason(timestamp);
    if (skip != null) {
      return Outcome.skippedBecause(skip, noModel);
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
    state.progress.advance(timestamp, value);
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
        state.recurrent.isCurrentFor(model.version(), networkState)
            && state.normalisation.fits(features);
    if (current) {
      state.recurrent.loadInto(networkState);
      state.normalisation.loadInto(features);
      // A state read from format 1 has no per-step scales yet.
      state.intervals.ensureSteps(intervalSteps(model));
      return false;
    }
    rewarm(state.ring, model);
    state.recurrent.bindTo(model.version());
    state.intervals.reset(intervalSteps(model));
    // A key with history was rebuilt for this model (from however much the ring held); a new key
    // was not.
    return state.progress.hasHistory();
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
        state.recurrent.modelVersion() == KeyState.NO_MODEL
            && state.normalisation.fits(noModelFeatures);
    if (current) {
      state.normalisation.loadInto(noModelFeatures);
      return false;
    }
    noModelFeatures.clear();
    ObservationRing ring = state.ring;
    for (int i = 0; i < ring.size(); i++) {
      noModelPipeline.observe(
          noModelFeatures, ring.timestamp(i), ring.value(i), Map.of(), noModelInput);
    }
    state.recurrent.clear();
    return false;
  }

  // ---- one observation ----

  private Forecast observeWithModel(
      KeyState state, SensorReading reading, ServingModel model, long producedAtMillis) {
    long timestamp = reading.getTimestamp().toEpochMilli();
    stepper.observe(features, networkState, timestamp, reading.getValue(), reading.getCovariates());
    state.recurrent.store(networkState);
    state.normalisation.store(features);
    Forecast forecast = modelForecast(reading, model, state.intervals, producedAtMillis);
    state.intervals.startProbeOnSchedule(forecast.getHorizon());
    ForecastPoint first = forecast.getHorizon().get(0);
    state.pending.remember(model.version(), first.getMean(), first.getLower(), first.getUpper());
    return forecast;
  }

  private Forecast modelForecast(
      SensorReading reading, ServingModel model, IntervalScales scales, long producedAtMillis) {
    FeaturePipeline pipeline = model.pipeline();
    List<ForecastPoint> points = new ArrayList<>(model.horizon());
    for (int k = 0; k < model.horizon(); k++) {
      double mean = stepper.mean(features, k);
      double scale = scales.scaleOf(k);
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
    state.normalisation.store(noModelFeatures);
    if (!settings.persistenceFallback()) {
      state.pending.consume();
      return null;
    }
    state.pending.remember(PERSISTENCE_MODEL_VERSION, value, value, value);
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

  // ---- online accuracy ----

  /**
   * Steps whose interval scales a key keeps for {@code model}: its horizon, or 0 without intervals.
   */
  private static int intervalSteps(ServingModel model) {
    return model.hasIntervals() ? model.horizon() : 0;
  }

  /**
   * Adapts the key's interval scales to this actual ({@link IntervalScales#adapt}); only a key
   * whose scales were learnt for this model, and that has a previous forecast, has anything to
   * adapt.
   */
  private static void adaptIntervalScales(KeyState state, ServingModel model, double actual) {
    if (state.recurrent.modelVersion() != model.version() || !state.progress.hasHistory()) {
      return;
    }
    state.intervals.adapt(actual, state.pending, model.version(), model.intervalLevel());
  }

  /**
   * Scores the pending step-1 forecast against this actual; returns a report when a window
   * completes.
   */
  private AccuracyReport score(KeyState state, String sensorId, long timestamp, double actual) {
    if (!state.pending.isPresent() || !state.progress.hasHistory()) {
      return null;
    }
    state.accuracy.score(timestamp, actual, state.pending, state.progress.lastValue());
    state.pending.consume();
    if (!state.accuracy.isComplete(settings.accuracyEveryEvents())) {
      return null;
    }
    AccuracyReport report = state.accuracy.report(sensorId);
    state.accuracy.reset();
    return report;
  }
}
