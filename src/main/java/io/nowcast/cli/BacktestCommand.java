package io.nowcast.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowcast.config.TrainerConfig;
import io.nowcast.eval.Backtest;
import io.nowcast.eval.BacktestReport;
import io.nowcast.eval.ErrorMetrics;
import io.nowcast.eval.ForecastPlot;
import io.nowcast.eval.Protocol;
import io.nowcast.local.CsvSeries;
import io.nowcast.model.InvalidModelException;
import io.nowcast.train.NotEnoughDataException;
import io.nowcast.train.Series;
import io.nowcast.train.TrainingDivergedException;
import io.nowcast.train.TrainingSettings;
import io.nowcast.trainer.TrainingSettingsMapping;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nowcast backtest}: trains on a protocol's train split and scores the forecaster's own
 * per-event code on its test split, next to repeat-last-value and seasonal naive
 * (docs/backtest.md).
 */
@Command(
    name = "backtest",
    description =
        "Train on the train split, stream the file through the forecaster engine, score the test split "
            + "(docs/backtest.md).")
final class BacktestCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The evaluation protocols. */
  enum ProtocolKind {
    ETT,
    HOLDOUT
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin TrainingOptions training;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @CommandLine.Mixin CsvColumns input;

  @Option(
      names = "--protocol",
      defaultValue = "holdout",
      description =
          "ett: the standard ETT borders and train-split z-scale; holdout: the last --test-fraction of the "
              + "rows, errors in the series' units (default: ${DEFAULT-VALUE}).")
  ProtocolKind protocol;

  @Option(
      names = "--test-fraction",
      defaultValue = "0.3",
      description =
          "holdout protocol: most recent fraction of rows scored (default: ${DEFAULT-VALUE}); the last "
              + TrainerConfig.HOLDOUT_FRACTION
              + " of the rest validates.")
  double testFraction;

  @Option(
      names = "--season",
      defaultValue = "0",
      description =
          "Period of the seasonal-naive baseline in rows; 0 detects it on the train rows (default).")
  int season;

  @Option(
      names = "--calibration-fraction",
      defaultValue = "0.5",
      description =
          "Most recent fraction of the validation split whose residuals calibrate the intervals "
              + "(default: ${DEFAULT-VALUE}; 1 = all of it, as nowcast train does).")
  double calibrationFraction;

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Option(
      names = "--plot",
      paramLabel = "out.png",
      description =
          "Write a PNG of actual vs forecast with the interval band over the start of the test split.")
  Path plot;

  @Override
  public Integer call() {
    TrainProgress progress = TrainProgress.forTerminal(spec.commandLine().getErr());
    try {
      TrainerConfig trainerConfig = new TrainerConfig(training.configuration());
      TrainingSettings settings = TrainingSettingsMapping.from(trainerConfig, 1.0);
      Series series = readSeries();
      Protocol borders =
          protocol == ProtocolKind.ETT
              ? Protocol.ett(series)
              : Protocol.holdout(series, testFraction, settings.holdoutFraction());
      BacktestReport report =
          new Backtest(settings, calibrationFraction, progress).run(series, borders, season);
      progress.finish();
      if (plot != null) {
        ForecastPlot.write(
            report.trace(), report.horizon(), series.key() + ": " + report.modelSummary(), plot);
      }
      spec.commandLine()
          .getOut()
          .println(json ? JSON.writeValueAsString(toJson(report)) : summaryLine(report));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (NotEnoughDataException e) {
      progress.finish();
      ModelCommand.fail(spec, e);
      return TrainCommand.NOT_ENOUGH_DATA;
    } catch (TrainingDivergedException
        | InvalidModelException
        | IllegalArgumentException
        | IllegalStateException
        | ConfigException
        | IOException e) {
      progress.finish();
      return ModelCommand.fail(spec, e);
    }
  }

  private Series readSeries() throws IOException {
    String fileName = input.csv.getFileName().toString();
    String key =
        fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
    CsvSeries.Parsed parsed;
    try (Reader reader = Files.newBufferedReader(input.csv)) {
      parsed = CsvSeries.singleSensor(input.timeColumn, input.valueColumn, key).read(reader);
    }
    if (!parsed.badRows().isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "backtest: skipped "
                  + parsed.badRows().size()
                  + " bad rows, first: "
                  + parsed.badRows().get(0));
    }
    return CsvSeries.seriesOf(key, parsed.points());
  }

  private static String summaryLine(BacktestReport report) {
    return String.format(
        Locale.ROOT,
        "%s protocol, %d positions x %d steps: MSE %.4f MAE %.4f MASE %.3f | persistence MSE %.4f | seasonal naive "
            + "(%d) MSE %.4f | coverage %.3f width %.3f | %d epochs (best %d)%s | %.1f s",
        report.protocol().name(),
        report.positions(),
        report.horizon(),
        report.model().mse(),
        report.model().mae(),
        report.mase(),
        report.persistence().mse(),
        report.season(),
        report.seasonalNaive().mse(),
        report.model().coverage(),
        report.model().intervalWidth(),
        report.epochs(),
        report.bestEpoch(),
        report.ensemble() > 1 ? " | ensemble of " + report.ensemble() : "",
        report.seconds());
  }

  /** The DESIGN §8 contract fields, then provenance. */
  static ObjectNode toJson(BacktestReport report) {
    ObjectNode root = JSON.createObjectNode();
    putMetrics(root, report.model());
    root.put("mase", report.mase());
    root.put("coverage", report.model().coverage());
    root.put("interval_width", report.model().intervalWidth());
    ArrayNode steps = root.putArray("per_step");
    for (BacktestReport.StepReport step : report.perStep()) {
      ObjectNode node = steps.addObject();
      node.put("step", step.step());
      putMetrics(node, step.model());
      node.put("mase", step.mase());
      node.put("coverage", step.model().coverage());
      node.put("interval_width", step.model().intervalWidth());
      putMetrics(node.putObject("persistence"), step.persistence());
      putMetrics(node.putObject("seasonal_naive"), step.seasonalNaive());
    }
    ObjectNode baselines = root.putObject("baselines");
    putMetrics(baselines.putObject("persistence"), report.persistence());
    ObjectNode seasonal = baselines.putObject("seasonal_naive");
    putMetrics(seasonal, report.seasonalNaive());
    seasonal.put("season", report.season());
    root.put("seconds", report.seconds());
    root.put("ensemble", report.ensemble());
    putProvenance(root, report);
    return root;
  }

  private static void putProvenance(ObjectNode root, BacktestReport report) {
    Protocol protocol = report.protocol();
    root.put("protocol", protocol.name());
    root.put("horizon", report.horizon());
    root.put("rows", report.rows());
    root.put("positions", report.positions());
    ObjectNode splits = root.putObject("splits");
    splits.put("train_end", protocol.trainEnd());
    splits.put("validation_end", protocol.validationEnd());
    splits.put("test_end", protocol.testEnd());
    splits.put("scale_mean", protocol.scaleMean());
    splits.put("scale_std", protocol.scaleStd());
    root.put("model", report.modelSummary());
    root.put("epochs", report.epochs());
    root.put("best_epoch", report.bestEpoch());
    root.put("calibration", report.calibrationRule());
    ArrayNode shrinkage = root.putArray("shrinkage");
    report.shrinkage().forEach(shrinkage::add);
    ObjectNode validation = root.putObject("validation");
    validation.put("mse", report.validation().mse());
    validation.put("persistence_mse", report.validation().persistenceMse());
    ArrayNode mase = validation.putArray("mase_by_step");
    for (double value : report.validation().maseByStep()) {
      mase.add(value);
    }
    validation.put("coverage", report.validation().coverage());
    ArrayNode coverage = validation.putArray("coverage_by_step");
    for (double value : report.validation().coverageByStep()) {
      coverage.add(value);
    }
  }

  private static void putMetrics(ObjectNode node, ErrorMetrics metrics) {
    node.put("mse", metrics.mse());
    node.put("mae", metrics.mae());
    node.put("rmse", metrics.rmse());
  }
}
