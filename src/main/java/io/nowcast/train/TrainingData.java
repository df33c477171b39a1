package io.nowcast.train;

import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Series featurised for training with the forecaster's own {@link FeaturePipeline}, strictly
 * causally: the input at t is what {@code pipeline.observe} writes at t, and the target of step s
 * (1..horizon) at origin t is {@code pipeline.normaliseTarget(state_t, y_{t+s})}, with the feature
 * state as it was right after t — exactly the scale the forecaster de-normalises with at t. Targets
 * past the end of a series are NaN (no loss), and so are those of the first {@link
 * #WARM_UP_READINGS} origins, whose running statistics are too young to give a meaningful scale.
 */
public final class TrainingData {

  /** Origins with fewer readings than this (including the origin) carry no targets. */
  public static final int WARM_UP_READINGS = 16;

  private final int inputSize;
  private final int horizon;
  private final List<KeyData> keys;

  private TrainingData(int inputSize, int horizon, List<KeyData> keys) {
    this.inputSize = inputSize;
    this.horizon = horizon;
    this.keys = keys;
  }

  /**
   * One key's inputs ({@code length × inputSize}) and targets ({@code length × horizon}), row t =
   * origin t.
   */
  public record KeyData(String key, int length, float[] inputs, float[] targets) {}

  /** Featurises every series (each from a fresh feature state). */
  public static TrainingData of(FeaturePipeline pipeline, List<Series> series, int horizon) {
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be >= 1, was " + horizon);
    }
    List<KeyData> keys = new ArrayList<>(series.size());
    for (Series one : series) {
      keys.add(featurise(pipeline, one, horizon));
    }
    return new TrainingData(pipeline.inputSize(), horizon, List.copyOf(keys));
  }

  /** Inputs and targets of one series; see the class comment for the causality rules. */
  public static KeyData featurise(FeaturePipeline pipeline, Series series, int horizon) {
    int length = series.size();
    int width = pipeline.inputSize();
    float[] inputs = new float[length * width];
    float[] targets = new float[length * horizon];
    Arrays.fill(targets, Float.NaN);
    float[] x = new float[width];
    FeatureState state = pipeline.newState();
    for (int t = 0; t < length; t++) {
      pipeline.observe(state, series.timestamp(t), series.value(t), series.covariates(t), x);
      System.arraycopy(x, 0, inputs, t * width, width);
      if (state.count() < WARM_UP_READINGS) {
        continue;
      }
      int last = Math.min(horizon, length - 1 - t);
      for (int s = 1; s <= last; s++) {
        targets[t * horizon + s - 1] = (float) pipeline.normaliseTarget(state, series.value(t + s));
      }
    }
    return new KeyData(series.key(), length, inputs, targets);
  }

  public int inputSize() {
    return inputSize;
  }

  public int horizon() {
    return horizon;
  }

  public List<KeyData> keys() {
    return keys;
  }

  /** Time steps over all keys. */
  public long samples() {
    long samples = 0;
    for (KeyData key : keys) {
      samples += key.length();
    }
    return samples;
  }
}
