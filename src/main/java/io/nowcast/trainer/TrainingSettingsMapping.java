package io.nowcast.trainer;

import io.nowcast.config.TrainerConfig;
import io.nowcast.nn.Activation;
import io.nowcast.nn.CellType;
import io.nowcast.nn.OutputKind;
import io.nowcast.train.TrainingSettings;

/**
 * The one mapping from the declared {@code nowcast.model.*} / {@code nowcast.trainer.*} keys to the
 * training core's settings, shared by {@code nowcast train}, {@code nowcast trainer}, {@code
 * nowcast backtest} and the demo (the training core itself does not read configuration).
 */
public final class TrainingSettingsMapping {
  private TrainingSettingsMapping() {}

  /**
   * @param learningRateDecay per-epoch learning-rate factor (1 = constant); a CLI option, not a key
   */
  public static TrainingSettings from(TrainerConfig config, double learningRateDecay) {
    return new TrainingSettings(
        CellType.valueOf(config.cell()),
        Activation.valueOf(config.activation()),
        config.layers(),
        config.horizon(),
        OutputKind.valueOf(config.output()),
        config.features(),
        config.chunkLength(),
        config.batchSize(),
        config.learningRate(),
        TrainingSettings.OptimizerKind.valueOf(config.optimizer()),
        config.clipNorm(),
        learningRateDecay,
        config.epochs(),
        config.patience(),
        config.seed(),
        config.holdoutFraction(),
        config.minPointsPerKey(),
        config.intervalLevel(),
        TrainingSettings.LossKind.valueOf(config.loss()),
        config.ensemble(),
        config.threads(),
        config.maxTrainSteps(),
        config.holdoutSamplePoints());
  }
}
