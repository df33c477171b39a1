package io.nowcast.model;

/**
 * Tells the validator how wide the input vector of a feature-pipeline spec is, so that a model
 * whose {@code input_size} disagrees with its own {@code features} is refused before it serves.
 * Implemented by the feature pipeline; kept as an interface so that validation does not need it.
 */
@FunctionalInterface
public interface FeatureWidthResolver {
  /**
   * The number of values the pipeline described by {@code featureSpec} produces per step.
   *
   * @throws IllegalArgumentException if the spec is not valid
   */
  int inputWidth(String featureSpec);
}
