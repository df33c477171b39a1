package io.nowcast.cli;

import io.nowcast.config.CommonConfig;
import io.nowcast.config.ConfigLoader;
import io.nowcast.config.TrainerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options shared by the commands that train on a CSV file ({@code train}, {@code backtest}): a
 * properties file of {@code nowcast.*} keys, and overrides of the most used model keys on top.
 */
final class TrainingOptions {

  @Option(
      names = "--horizon",
      description = "Forecast steps; overrides " + TrainerConfig.HORIZON + ".")
  Integer horizon;

  @Option(names = "--cell", description = "lstm, gru or rnn; overrides " + TrainerConfig.CELL + ".")
  String cell;

  @Option(
      names = "--layers",
      description = "Hidden units per layer, e.g. 64,64; overrides " + TrainerConfig.LAYERS + ".")
  String layers;

  @Option(
      names = "--features",
      description = "Feature spec (docs/features.md); overrides " + TrainerConfig.FEATURES + ".")
  String features;

  @Option(
      names = "--epochs",
      description = "Maximum epochs; overrides " + TrainerConfig.EPOCHS + ".")
  Integer epochs;

  @Option(names = "--seed", description = "Seed; overrides " + TrainerConfig.SEED + ".")
  Long seed;

  @Option(
      names = "--ensemble",
      paramLabel = "M",
      description =
          "Networks in the seed ensemble, 1 for a single network; overrides "
              + TrainerConfig.ENSEMBLE
              + " (default 3).")
  Integer ensemble;

  @Option(
      names = "--interval-level",
      paramLabel = "L",
      description =
          "Nominal coverage of the calibrated intervals, in (0, 1); overrides "
              + TrainerConfig.INTERVAL_LEVEL
              + " (default 0.8).")
  Double intervalLevel;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file of nowcast.* keys (environment overrides apply).")
  Path config;

  /** The config file's keys (with environment overrides), then these options on top. */
  Map<String, String> configuration() {
    Map<String, String> keys = new LinkedHashMap<>(ConfigLoader.load(config, System.getenv()));
    putIfGiven(keys, TrainerConfig.HORIZON, horizon);
    putIfGiven(keys, TrainerConfig.CELL, cell);
    putIfGiven(keys, TrainerConfig.LAYERS, layers);
    putIfGiven(keys, TrainerConfig.FEATURES, features);
    putIfGiven(keys, TrainerConfig.EPOCHS, epochs);
    putIfGiven(keys, TrainerConfig.SEED, seed);
    putIfGiven(keys, TrainerConfig.ENSEMBLE, ensemble);
    putIfGiven(keys, TrainerConfig.INTERVAL_LEVEL, intervalLevel);
    if (!keys.containsKey(CommonConfig.INPUT_TOPICS)
        && !keys.containsKey(CommonConfig.INPUT_PATTERN)) {
      // The CSV file stands in for the input topics, which the shared configuration requires.
      keys.put(CommonConfig.INPUT_TOPICS, "csv");
    }
    return keys;
  }

  private static void putIfGiven(Map<String, String> keys, String key, Object value) {
    if (value != null) {
      keys.put(key, value.toString());
    }
  }
}
