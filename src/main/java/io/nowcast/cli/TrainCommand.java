package io.nowcast.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.config.TrainerConfig;
import io.nowcast.local.CsvSeries;
import io.nowcast.model.InvalidModelException;
import io.nowcast.model.ModelContent;
import io.nowcast.model.ModelFiles;
import io.nowcast.model.SnapshotValidator;
import io.nowcast.model.Snapshots;
import io.nowcast.model.ValidatedModel;
import io.nowcast.train.HoldoutScore;
import io.nowcast.train.NotEnoughDataException;
import io.nowcast.train.Series;
import io.nowcast.train.Trainer;
import io.nowcast.train.TrainingDivergedException;
import io.nowcast.train.TrainingResult;
import io.nowcast.train.TrainingSettings;
import io.nowcast.trainer.TrainingSettingsMapping;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nowcast train --csv}: trains a model on a CSV file and writes a validated {@code
 * model.avro}. Hyper-parameters come from {@code --config} (the {@code nowcast.model.*} and {@code
 * nowcast.trainer.*} keys, defaults as declared in {@link TrainerConfig}); the options below
 * override them.
 */
@Command(
    name = "train",
    description = "Train a model on a CSV file and write it as model.avro (docs/training.md).")
final class TrainCommand implements Callable<Integer> {

  /** Exit code when no key has enough data (as the trainer service's). */
  static final int NOT_ENOUGH_DATA = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin TrainingOptions training;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @CommandLine.Mixin CsvColumns input;

  @Option(
      names = "--key-column",
      description =
          "Column naming each row's series; without it the file is one series named after the file.")
  String keyColumn;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "model.avro",
      description = "The model file to write (replaced if present).")
  Path out;

  @Option(
      names = "--name",
      description = "Model name (default: the CSV file name without extension).")
  String name;

  @Option(
      names = "--version",
      defaultValue = "1",
      description = "Model version (default: ${DEFAULT-VALUE}).")
  long version;

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
  public Integer call() {
    TrainProgress progress = TrainProgress.forTerminal(spec.commandLine().getErr());
    try {
      TrainerConfig trainerConfig = new TrainerConfig(training.configuration());
      TrainingSettings settings = TrainingSettingsMapping.from(trainerConfig, learningRateDecay);
      ModelContent championModel = readChampion();
      List<Series> series = readSeries();
      Trainer trainer = new Trainer(settings, progress);
      TrainingResult result =
          holdoutRows == null
              ? trainer.train(series, championModel, trainerConfig.warmStart())
              : trainer.trainOnSplits(
                  explicitSplits(series), championModel, trainerConfig.warmStart());
      progress.finish();
      ValidatedModel model = writeModel(result);
      printSummary(result, model);
      return 0;
    } catch (NotEnoughDataException e) {
      progress.finish();
      ModelCommand.fail(spec, e);
      return NOT_ENOUGH_DATA;
    } catch (TrainingDivergedException
        | InvalidModelException
        | IllegalArgumentException
        | ConfigException
        | IOException e) {
      progress.finish();
      return ModelCommand.fail(spec, e);
    }
  }

  /** The validated champion model, or null without {@code --champion}. */
  private ModelContent readChampion() {
    return champion == null
        ? null
        : SnapshotValidator.forServing().validate(ModelFiles.read(champion)).content();
  }

  /**
   * One series per key in first-appearance order; rows keep file order (out-of-order ones are
   * dropped).
   */
  private List<Series> readSeries() throws IOException {
    CsvSeries format =
        keyColumn == null
            ? CsvSeries.singleSensor(input.timeColumn, input.valueColumn, fileStem(input.csv))
            : CsvSeries.keyedBy(input.timeColumn, input.valueColumn, keyColumn);
    CsvSeries.Parsed parsed;
    try (Reader reader = Files.newBufferedReader(input.csv)) {
      parsed = format.read(reader);
    }
    if (!parsed.badRows().isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "train: skipped "
                  + parsed.badRows().size()
                  + " bad rows, first: "
                  + parsed.badRows().get(0));
    }
    Map<String, List<CsvSeries.Point>> byKey = new LinkedHashMap<>();
    for (CsvSeries.Point point : parsed.points()) {
      byKey.computeIfAbsent(point.sensorId(), key -> new ArrayList<>()).add(point);
    }
    List<Series> series = new ArrayList<>();
    byKey.forEach((key, points) -> series.add(CsvSeries.seriesOf(key, points)));
    return series;
  }

  private List<Series.Split> explicitSplits(List<Series> series) {
    String[] parts = holdoutRows.split(":");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "--holdout-rows: expected START:END, got '" + holdoutRows + "'");
    }
    int start = Integer.parseInt(parts[0].trim());
    int end = Integer.parseInt(parts[1].trim());
    List<Series.Split> splits = new ArrayList<>();
    for (Series one : series) {
      splits.add(one.head(Math.min(end, one.size())).splitAt(Math.min(start, one.size())));
    }
    return splits;
  }

  private ValidatedModel writeModel(TrainingResult result) throws IOException {
    String modelName = name != null ? name : fileStem(input.csv);
    ModelSnapshot snapshot =
        Snapshots.toSnapshot(
            result.toModelContent(
                modelName, version, Instant.now(), "csv:" + input.csv.getFileName()));
    ValidatedModel model = SnapshotValidator.forServing().validate(snapshot);
    ModelFiles.write(out, snapshot);
    return model;
  }

  private void printSummary(TrainingResult result, ValidatedModel model) throws IOException {
    String line =
        json ? JSON.writeValueAsString(summaryJson(result, model)) : summaryLine(result, model);
    spec.commandLine().getOut().println(line);
    spec.commandLine().getOut().flush();
  }

  private String summaryLine(TrainingResult result, ValidatedModel model) {
    HoldoutScore challenger = result.challenger();
    HoldoutScore persistence = result.persistence();
    return String.format(
        Locale.ROOT,
        "wrote %s: %s; %d epochs (best %d); holdout MSE %.4f vs persistence %.4f (normalised), MAE %.4g vs %.4g; "
            + "coverage %.2f (%s); %d keys, %d training steps, %.0f steps/s (%.2f GFLOP/s)",
        out,
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

  private ObjectNode summaryJson(TrainingResult result, ValidatedModel model) {
    ObjectNode root = JSON.createObjectNode();
    root.put("out", out.toString());
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
    root.set("per_step", perStepJson(result));
    root.put("calibration", result.calibrationRule().name().toLowerCase(Locale.ROOT));
    root.put("coverage", result.challenger().coverage());
    root.put("steps_per_second", result.sequenceStepsPerSecond());
    root.put("gflops", result.effectiveGflops());
    result.skippedKeys().forEach(root.putArray("skipped_keys")::add);
    return root;
  }

  /**
   * Per horizon step: the challenger's and persistence's MAE and RMSE, normalised and original
   * units.
   */
  private static ArrayNode perStepJson(TrainingResult result) {
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

  private static String fileStem(Path file) {
    String fileName = file.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }
}
