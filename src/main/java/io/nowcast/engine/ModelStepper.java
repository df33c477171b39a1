package io.nowcast.engine;

import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureState;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkState;
import io.nowcast.nn.StepWorkspace;
import java.util.List;
import java.util.Map;

/**
 * The per-event arithmetic of one model: fold a reading into a key's feature state, step the
 * network once, and read the forecast means, the network's outputs pulled toward repeat-last-value
 * by the model's shrinkage and de-normalised with the key's statistics. The forecaster's {@link
 * ForecastEngine} and the trainer's holdout scorer both step through this class, so the errors the
 * trainer scores on its holdout (early stopping, the shrinkage fit, the calibration, the publish
 * decision) are those of the forecasts the forecaster serves, bit for bit.
 *
 * <p>It owns the scratch of a step (network workspace, input and output vectors), not the key's
 * state: every call takes the key's {@link FeatureState} and {@link NetworkState}. A step allocates
 * nothing. One per thread; not thread-safe.
 */
public final class ModelStepper {
  private final Network network;
  private final FeaturePipeline pipeline;

  /** The pull toward repeat-last-value per step; null for none. */
  private final double[] shrinkage;

  private final StepWorkspace workspace;
  private final float[] input;
  private final float[] output;

  ModelStepper(Network network, FeaturePipeline pipeline, double[] shrinkage) {
    if (pipeline.inputSize() != network.spec().inputSize()) {
      throw new IllegalArgumentException(
          "the pipeline '"
              + pipeline.spec()
              + "' produces "
              + pipeline.inputSize()
              + " inputs, the network takes "
              + network.spec().inputSize());
    }
    if (shrinkage != null && shrinkage.length != network.spec().horizon()) {
      throw new IllegalArgumentException(
          "shrinkage: expected "
              + network.spec().horizon()
              + " factors (one per step), got "
              + shrinkage.length);
    }
    this.network = network;
    this.pipeline = pipeline;
    this.shrinkage = shrinkage;
    this.workspace = network.newWorkspace();
    this.input = new float[pipeline.inputSize()];
    this.output = new float[network.spec().outputSize()];
  }

  /**
   * A stepper of a network that is not a served model: the trainer's, during and after training. A
   * served model's stepper comes from {@link ServingModel#newStepper()}.
   *
   * @param shrinkage the factor per step toward repeat-last-value, null or empty for none
   */
  public static ModelStepper of(Network network, FeaturePipeline pipeline, List<Double> shrinkage) {
    double[] factors =
        shrinkage == null || shrinkage.isEmpty()
            ? null
            : shrinkage.stream().mapToDouble(Double::doubleValue).toArray();
    return new ModelStepper(network, pipeline, factors);
  }

  public Network network() {
    return network;
  }

  public FeaturePipeline pipeline() {
    return pipeline;
  }

  /** One reading: the feature pipeline's {@code observe}, then one network step. */
  public void observe(
      FeatureState features,
      NetworkState state,
      long timestampMillis,
      double value,
      Map<String, Double> covariates) {
    pipeline.observe(features, timestampMillis, value, covariates, input);
    network.step(state, input, workspace, output);
  }

  /**
   * Like {@link #observe(FeatureState, NetworkState, long, double, Map)}, covariates by position.
   */
  public void observe(
      FeatureState features,
      NetworkState state,
      long timestampMillis,
      double value,
      double[] covariates) {
    pipeline.observe(features, timestampMillis, value, covariates, input);
    network.step(state, input, workspace, output);
  }

  /** The network's raw outputs of the last step (not a copy: the next step overwrites them). */
  public float[] output() {
    return output;
  }

  /** Forecast of step {@code k} (0-based) on the network's output scale, after the shrinkage. */
  public double normalisedMean(FeatureState features, int k) {
    if (shrinkage == null) {
      return output[k];
    }
    return pipeline.shrinkTowardLastValue(features, output[k], shrinkage[k]);
  }

  /** Forecast mean of step {@code k} (0-based) on the value's scale: what the forecaster serves. */
  public double mean(FeatureState features, int k) {
    return pipeline.denormalise(features, normalisedMean(features, k));
  }
}
