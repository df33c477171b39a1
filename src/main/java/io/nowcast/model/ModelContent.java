package io.nowcast.model;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.TrainingInfo;
import io.nowcast.nn.NetworkSpec;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link io.nowcast.avro.ModelSnapshot} says, in the network's own types: the shape as
 * a {@link NetworkSpec} and the weights as a flat {@code float[]} in the layout of {@link
 * io.nowcast.nn.ParameterLayout}. Plain data, not validated: {@link SnapshotValidator} decides
 * whether it may be served.
 *
 * @param name model name; the forecaster serves the highest valid version of its configured name
 * @param version monotonic per name
 * @param createdAt when the snapshot was made
 * @param spec the network shape
 * @param features the feature-pipeline spec the model was trained with
 * @param parameters the flat parameter buffer (not copied: the caller hands it over)
 * @param calibration interval calibration per horizon step, or null
 * @param training provenance and scores, or null for imported models
 */
public record ModelContent(
    String name,
    long version,
    Instant createdAt,
    NetworkSpec spec,
    String features,
    float[] parameters,
    Calibration calibration,
    TrainingInfo training) {

  public ModelContent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(parameters, "parameters");
  }

  /** The models-topic key. */
  public ModelKey key() {
    return new ModelKey(name, version);
  }

  public Optional<Calibration> calibrationIfAny() {
    return Optional.ofNullable(calibration);
  }

  public Optional<TrainingInfo> trainingIfAny() {
    return Optional.ofNullable(training);
  }
}
