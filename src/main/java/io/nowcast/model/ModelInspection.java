package io.nowcast.model;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.TrainingInfo;
import io.nowcast.nn.CellType;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.ParameterLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A human-readable description of a validated model, one {@code field: value} per line (the output
 * of {@code nowcast model inspect}): shape, parameter count, features, calibration, provenance.
 * Field names are the ModelSnapshot names so that the output can be grepped.
 */
public final class ModelInspection {
  private ModelInspection() {}

  public static List<String> describe(ValidatedModel model) {
    ModelContent content = model.content();
    NetworkSpec spec = content.spec();
    List<String> lines = new ArrayList<>();
    lines.add("name: " + content.name());
    lines.add("version: " + content.version());
    lines.add("created_at: " + content.createdAt());
    lines.add("format_version: " + Snapshots.FORMAT_VERSION);
    lines.add("cell: " + spec.cell());
    if (spec.cell() == CellType.RNN) {
      lines.add("activation: " + spec.activation());
    }
    lines.add("input_size: " + spec.inputSize());
    lines.add("layer_sizes: " + Arrays.toString(spec.layerSizes()));
    lines.add("horizon: " + spec.horizon());
    lines.add("output: " + spec.output() + " (" + spec.outputSize() + " head outputs)");
    int count = ParameterLayout.of(spec).size();
    lines.add("parameters: " + count + " (" + count * Float.BYTES + " bytes)");
    lines.add("features: " + content.features());
    lines.add(
        "calibration: "
            + content.calibrationIfAny().map(ModelInspection::calibration).orElse("none"));
    content
        .trainingIfAny()
        .ifPresentOrElse(t -> training(t, lines), () -> lines.add("training: none"));
    return lines;
  }

  private static String calibration(Calibration calibration) {
    String shrinkage =
        calibration.getShrinkage().isEmpty() ? "none" : calibration.getShrinkage().toString();
    return "level "
        + calibration.getLevel()
        + ", lower "
        + calibration.getLower()
        + ", upper "
        + calibration.getUpper()
        + ", shrinkage "
        + shrinkage;
  }

  private static void training(TrainingInfo training, List<String> lines) {
    lines.add("training.source: " + training.getSource());
    if (training.getSource().startsWith("import:")) {
      return; // imported weights carry no training figures
    }
    lines.add("training.data_start: " + training.getDataStart());
    lines.add("training.data_end: " + training.getDataEnd());
    lines.add("training.keys: " + training.getKeys());
    lines.add("training.samples: " + training.getSamples());
    lines.add("training.seed: " + training.getSeed());
    lines.add("training.epochs: " + training.getEpochs());
    lines.add("training.train_loss: " + training.getTrainLoss());
    lines.add("training.holdout_loss: " + training.getHoldoutLoss());
    lines.add("training.holdout_mae: " + training.getHoldoutMae());
    lines.add("training.champion_mae: " + training.getChampionMae());
    lines.add("training.persistence_mae: " + training.getPersistenceMae());
    lines.add("training.parent_version: " + training.getParentVersion());
  }
}
