package io.nowcast.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowcast.model.ValidatedModel;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code nowcast train} reports after writing a model file: one summary line, or the JSON
 * object of docs/training.md.
 *
 * @param file the model file written
 * @param model the written model, as validated
 * @param result the training run that produced it
 */
public record TrainingSummary(Path file, ValidatedModel model, TrainingResult result) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One line: the file, the model, epochs, holdout errors against persistence, speed. */
  public String line() {
    HoldoutScore challenger = result.challenger();
    HoldoutScore persistence = result.persistence();
    return String.format(
        Locale.ROOT,
        "wrote %s: %s; %d epochs (best %d); holdout MSE %.4f vs persistence %.4f (normalised), MAE %.4g vs %.4g; "
            + "coverage %.2f (%s); %d keys, %d training steps, %.0f steps/s (%.2f GFLOP/s)",
        file,
        model,
        result.epochs(),
        result.bestEpoch(),
        challenger.mse(),
        persistence.mse(),
        challenger.maeOriginal(),
        persistence.maeOriginal(),
        challenger.coverage(),
        result.calibrationRule(),
        result.keys(),
        result.samples(),
        result.sequenceStepsPerSecond(),
        result.effectiveGflops());
  }

  /** The JSON object, on one line. */
  public String json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("out", file.toString());
    root.put("model", model.key().toString());
    root.put("keys", result.keys());
    root.put("samples", result.samples());
    root.put("epochs", result.epochs());
    root.put("best_epoch", result.bestEpoch());
    root.put("ensemble", result.ensemble());
    root.put("train_loss", result.finalTrainLoss());
    root.put("holdout_loss", result.bestHoldoutLoss());
    root.set("holdout", scoreJson(result.challenger()));
    root.set("persistence", scoreJson(result.persistence()));
    if (result.champion() != null) {
      root.set("champion", scoreJson(result.champion()));
    }
    if (result.parentVersion() != null) {
      root.put("parent_version", result.parentVersion());
    }
    root.set("per_step", perStepJson());
    root.put("calibration", result.calibrationRule().name().toLowerCase(Locale.ROOT));
    root.put("coverage", result.challenger().coverage());
    root.put("steps_per_second", result.sequenceStepsPerSecond());
    root.put("gflops", result.effectiveGflops());
    result.skippedKeys().forEach(root.putArray("skipped_keys")::add);
    return root.toString();
  }

  /**
   * Per horizon step: the challenger's and persistence's MAE and RMSE, normalised and original
   * units.
   */
  private ArrayNode perStepJson() {
    ArrayNode steps = JSON.createArrayNode();
    for (int step = 1; step <= result.challenger().horizon(); step++) {
      ObjectNode node = steps.addObject();
      node.put("step", step);
      node.put("mae", result.challenger().mae(step));
      node.put("rmse", result.challenger().rmse(step));
      node.put("mae_original", result.challenger().maeOriginal(step));
      node.put("rmse_original", result.challenger().rmseOriginal(step));
      node.put("persistence_mae", result.persistence().mae(step));
      node.put("persistence_rmse", result.persistence().rmse(step));
    }
    return steps;
  }

  private static ObjectNode scoreJson(HoldoutScore score) {
    ObjectNode node = JSON.createObjectNode();
    node.put("mse", score.mse());
    node.put("mae", score.mae());
    node.put("mae_original", score.maeOriginal());
    node.put("rmse_original", score.rmseOriginal());
    return node;
  }
}
