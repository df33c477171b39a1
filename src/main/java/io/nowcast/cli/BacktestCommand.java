package io.nowcast.cli;

import io.nowcast.config.TrainerConfig;
import io.nowcast.eval.Backtest;
import io.nowcast.eval.BacktestReport;
import io.nowcast.eval.BacktestSummary;
import io.nowcast.eval.ForecastPlot;
import io.nowcast.eval.Protocol;
import io.nowcast.local.CsvSeries;
import io.nowcast.train.Series;
import io.nowcast.train.TrainingSettings;
import io.nowcast.trainer.TrainingSettingsMapping;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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

  /** The evaluation protocols. */
  enum ProtocolKind {
    ETT,
    HOLDOUT
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin TrainingOptions training;

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
  public Integer call() throws IOException {
    TrainingSettings settings =
        TrainingSettingsMapping.from(new TrainerConfig(training.configuration()), 1.0);
    String key = input.fileStem();
    Series series = CsvSeries.seriesOf(key, input.read(input.singleSeries(key)).points());
    Protocol borders =
        protocol == ProtocolKind.ETT
            ? Protocol.ett(series)
            : Protocol.holdout(series, testFraction, settings.holdoutFraction());
    BacktestReport report = run(settings, series, borders);
    if (plot != null) {
      ForecastPlot.write(
          report.trace(), report.horizon(), series.key() + ": " + report.modelSummary(), plot);
    }
    spec.commandLine()
        .getOut()
        .println(json ? BacktestSummary.json(report) : BacktestSummary.line(report));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  /** Trains and streams with progress on stderr, whose line is ended however the run ends. */
  private BacktestReport run(TrainingSettings settings, Series series, Protocol borders) {
    TrainProgress progress = TrainProgress.forTerminal(spec.commandLine().getErr());
    try {
      return new Backtest(settings, calibrationFraction, progress).run(series, borders, season);
    } finally {
      progress.finish();
    }
  }
}
