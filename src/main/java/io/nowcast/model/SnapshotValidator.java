package io.nowcast.model;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.features.FeatureSpec;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.ParameterLayout;
import java.util.List;

/**
 * Decides whether a {@link ModelSnapshot} may serve. A pure function: it either returns a {@link
 * ValidatedModel} or throws an {@link InvalidModelException} naming the field or tensor with the
 * expected and the actual value. There is one validator, {@link #forServing()}, and it makes every
 * check serving needs, so a {@link ValidatedModel} is proof that the model may serve wherever it
 * came from: the forecaster refuses a bad model with it while the old one keeps serving, the
 * trainer checks what it is about to publish, and the commands check a model before writing or
 * running it.
 *
 * <p>Rules: known {@code format_version}; non-blank {@code name}; {@code version >= 0}; positive
 * {@code input_size}, {@code horizon} and layer sizes, at least one layer; {@code features} a valid
 * feature-pipeline spec whose width equals {@code input_size}; exactly {@code 4 × layout size}
 * parameter bytes; every parameter finite; a calibration, when present, with a level in (0, 1),
 * finite lower/upper arrays of {@code horizon} values and a shrinkage that is empty or {@code
 * horizon} factors in [0, 1].
 */
public final class SnapshotValidator {
  private static final SnapshotValidator INSTANCE = new SnapshotValidator();

  private SnapshotValidator() {}

  /** The validator: every check serving needs, the width of the feature spec included. */
  public static SnapshotValidator forServing() {
    return INSTANCE;
  }

  /**
   * Validates a models-topic record: its key must be the snapshot's own {@link ModelKey} (a record
   * filed under another key would be served as a version it does not carry), and the snapshot must
   * pass {@link #validate}.
   */
  public ValidatedModel validateRecord(String key, ModelSnapshot snapshot) {
    ModelKey own = ModelKey.of(snapshot);
    if (!own.toString().equals(key)) {
      throw new InvalidModelException(
          "model "
              + own
              + ": its key must be '"
              + own
              + "' (the value's name@version), got '"
              + key
              + "'");
    }
    return validate(snapshot);
  }

  public ValidatedModel validate(ModelSnapshot snapshot) {
    String model = "model " + ModelKey.of(snapshot);
    checkHeader(snapshot, model);
    checkShape(snapshot, model);
    ModelContent content = Snapshots.fromSnapshot(snapshot);
    checkFeatures(content, model);
    checkParameters(content, model);
    content
        .calibrationIfAny()
        .ifPresent(calibration -> checkCalibration(calibration, content.spec(), model));
    return new ValidatedModel(content);
  }

  private static void checkHeader(ModelSnapshot snapshot, String model) {
    if (snapshot.getFormatVersion() != Snapshots.FORMAT_VERSION) {
      throw refused(
          model, "format_version", "" + Snapshots.FORMAT_VERSION, "" + snapshot.getFormatVersion());
    }
    if (snapshot.getName().isBlank()) {
      throw refused(model, "name", "a non-empty name", "'" + snapshot.getName() + "'");
    }
    if (snapshot.getVersion() < 0) {
      throw refused(model, "version", ">= 0", "" + snapshot.getVersion());
    }
  }

  private static void checkShape(ModelSnapshot snapshot, String model) {
    requirePositive(model, "input_size", snapshot.getInputSize());
    requirePositive(model, "horizon", snapshot.getHorizon());
    List<Integer> sizes = snapshot.getLayerSizes();
    if (sizes.isEmpty()) {
      throw refused(model, "layer_sizes", "at least one layer", "[]");
    }
    for (int l = 0; l < sizes.size(); l++) {
      requirePositive(model, "layer_sizes[" + l + "]", sizes.get(l));
    }
  }

  private static void checkFeatures(ModelContent content, String model) {
    int width;
    try {
      width = FeatureSpec.parse(content.features()).inputSize();
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException(
          model + ": features '" + content.features() + "' is not valid: " + e.getMessage(), e);
    }
    if (width != content.spec().inputSize()) {
      throw refused(
          model,
          "input_size",
          width + " (the width of features '" + content.features() + "')",
          "" + content.spec().inputSize());
    }
  }

  private static void checkParameters(ModelContent content, String model) {
    ParameterLayout layout = ParameterLayout.of(content.spec());
    float[] parameters = content.parameters();
    if (parameters.length != layout.size()) {
      throw refused(
          model,
          "parameters",
          layout.size() * Float.BYTES
              + " bytes ("
              + layout.size()
              + " float32 for "
              + content.spec()
              + ")",
          parameters.length * Float.BYTES + " bytes");
    }
    for (int i = 0; i < parameters.length; i++) {
      if (!Float.isFinite(parameters[i])) {
        throw refused(
            model,
            "parameters " + ParameterNames.describe(layout, i),
            "a finite value",
            "" + parameters[i]);
      }
    }
  }

  private static void checkCalibration(Calibration calibration, NetworkSpec spec, String model) {
    double level = calibration.getLevel();
    if (!(level > 0 && level < 1)) {
      throw refused(model, "calibration.level", "a value in (0, 1)", "" + level);
    }
    checkOffsets(model, "calibration.lower", calibration.getLower(), spec.horizon());
    checkOffsets(model, "calibration.upper", calibration.getUpper(), spec.horizon());
    checkShrinkage(model, calibration.getShrinkage(), spec.horizon());
  }

  /**
   * Empty (no shrinkage: snapshots written before the field existed) or one factor in [0, 1] per
   * step.
   */
  private static void checkShrinkage(String model, List<Double> factors, int horizon) {
    if (factors.isEmpty()) {
      return;
    }
    if (factors.size() != horizon) {
      throw refused(
          model,
          "calibration.shrinkage",
          "0 or " + horizon + " values (one per horizon step)",
          factors.size() + " values");
    }
    for (int step = 0; step < horizon; step++) {
      double factor = factors.get(step);
      if (!(factor >= 0 && factor <= 1)) {
        throw refused(
            model, "calibration.shrinkage[" + step + "]", "a value in [0, 1]", "" + factor);
      }
    }
  }

  private static void checkOffsets(String model, String field, List<Double> offsets, int horizon) {
    if (offsets.size() != horizon) {
      throw refused(
          model, field, horizon + " values (one per horizon step)", offsets.size() + " values");
    }
    for (int step = 0; step < offsets.size(); step++) {
      if (!Double.isFinite(offsets.get(step))) {
        throw refused(model, field + "[" + step + "]", "a finite value", "" + offsets.get(step));
      }
    }
  }

  private static void requirePositive(String model, String field, int value) {
    if (value <= 0) {
      throw refused(model, field, "> 0", "" + value);
    }
  }

  private static InvalidModelException refused(
      String model, String field, String expected, String actual) {
    return new InvalidModelException(
        model + ": " + field + ": expected " + expected + ", actual " + actual);
  }
}
