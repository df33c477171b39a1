package io.nowcast.cli;

import io.nowcast.config.TrainerConfig;
import io.nowcast.local.CsvSeries;
import io.nowcast.model.ModelContent;
import io.nowcast.model.ModelFiles;
import io.nowcast.model.ValidatedModel;
import io.nowcast.train.HoldoutRows;
import io.nowcast.train.Series;
import io.nowcast.train.Trainer;
import io.nowcast.train.TrainingResult;
import io.nowcast.train.TrainingSettings;
import io.nowcast.train.TrainingSummary;
import io.nowcast.trainer.TrainingSettingsMapping;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nowcast train --csv}: trains a model on a CSV file and writes a validated {@code
 * model.avro}. Hyper-parameters come from {@code --config} (the {@code nowcast.model.*} and {@code
 * nowcast.trainer.*} keys, defaults as declared in {@link TrainerConfig}); the options below
 * override them. Exit codes: 0 written, 3 not enough data, 1 any other error.
 */
@Command(
    name = "train",
    description = "Train a model on a CSV file and write it as model.avro (docs/training.md).")
final class TrainCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin HelpOption help;

  @CommandLine.Mixin TrainingOptions training;

  @CommandLine.Mixin CsvColumns input;

  @Option(
      names = "--key-column",
      description =
          "Column naming each row's series; without it the file is one series named after the file.")
  String keyColumn;

  @CommandLine.Mixin ModelFileOutput written;

  @Option(
      names = "--name",
      description = "Model name (default: the CSV file name without extension).")
  String name;

  @Option(
      names = "--learning-rate-decay",
      defaultValue = "1.0",
      description =
          "Multiplies the learning rate after every epoch; 1 keeps it constant (default: ${DEFAULT-VALUE}).")
  double learningRateDecay;

  @Option(
      names = "--holdout-rows",
      paramLabel = "START:END",
      description =
          "Explicit per-series holdout rows [START, END) (0-based, after dropping duplicates), e.g. the ETT "
              + "protocol's 8640:11520; rows from END on are not used. Default: the last "
              + TrainerConfig.HOLDOUT_FRACTION
              + " of each series.")
  String holdoutRows;

  @Option(
      names = "--champion",
      paramLabel = "model.avro",
      description =
          "The model currently served: scored on the same holdout, and the starting point when "
              + TrainerConfig.WARM_START
              + " is true and its shape and features match.")
  Path champion;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    TrainerConfig trainerConfig = new TrainerConfig(training.configuration());
    TrainingSettings settings = TrainingSettingsMapping.from(trainerConfig, learningRateDecay);
    HoldoutRows holdout = holdoutRows == null ? null : HoldoutRows.parse(holdoutRows);
    ModelContent championModel =
        champion == null ? null : ModelFiles.readValidated(champion).content();
    List<Series> series = input.read(format()).series();
    TrainingResult result =
        train(settings, series, holdout, championModel, trainerConfig.warmStart());
    String modelName = name != null ? name : input.fileStem();
    String source = "csv:" + input.csv.getFileName();
    ValidatedModel model =
        ModelFiles.writeValidated(
            written.out, result.toModelContent(modelName, written.version, Instant.now(), source));
    TrainingSummary summary = new TrainingSummary(written.out, model, result);
    spec.commandLine().getOut().println(json ? summary.json() : summary.line());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  private CsvSeries format() {
    return keyColumn == null ? input.singleSeries(input.fileStem()) : input.keyedBy(keyColumn);
  }

  /** Trains with progress on stderr, whose line is ended whether training succeeds or fails. */
  private TrainingResult train(
      TrainingSettings settings,
      List<Series> series,
      HoldoutRows holdout,
      ModelContent championModel,
      boolean warmStart) {
    TrainProgress progress = TrainProgress.forTerminal(spec.commandLine().getErr());
    Trainer trainer = new Trainer(settings, progress);
    try {
      return holdout == null
          ? trainer.train(series, championModel, warmStart)
          : trainer.trainOnSplits(holdout.splits(series), championModel, warmStart);
    } finally {
      progress.finish();
    }
  }
}
