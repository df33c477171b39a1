package io.nowcast.bench;

import io.nowcast.avro.Calibration;
import io.nowcast.config.TrainerConfig;
import io.nowcast.engine.ServingModel;
import io.nowcast.eval.Backtest;
import io.nowcast.eval.Protocol;
import io.nowcast.local.CsvSeries;
import io.nowcast.model.ModelContent;
import io.nowcast.train.ProgressListener;
import io.nowcast.train.Series;
import io.nowcast.train.TrainingResult;
import io.nowcast.train.TrainingSettings;
import io.nowcast.trainer.TrainingSettingsMapping;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

/**
 * The study behind docs/decisions.md, D11: would an online, per-key shrinkage toward
 * repeat-last-value beat the trainer's fixed per-step factors? Trains exactly as {@code nowcast
 * backtest} does, streams the whole file through the engine with the factors set to 1 (the raw
 * network means), then replays the forecasts with three rules for the factor α_k of each step: the
 * trainer's fixed fit, none (α = 1), and a recursive least-squares fit with forgetting λ, updated
 * as each scored step's actual arrives, only from every ⌈H/4⌉-th forecast (what the engine's four
 * interval probes per key could carry). Prints validation and test MSE (protocol scale) and MASE at
 * steps 1 and 12 for each rule. One network (the study predates the seed-ensemble default). Not a
 * test: the ETT files may not be committed.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp target/test-classes:target/classes:$(cat cp.txt) \
 *   io.nowcast.bench.OnlineShrinkageStudy FILE.csv TIME_COLUMN VALUE_COLUMN ett|holdout HORIZON [SEED]
 * </pre>
 */
public final class OnlineShrinkageStudy {
  private static final double[] FORGETTING = {0.99, 0.995, 0.998};

  private final double[] values;
  private final Protocol protocol;
  private final int horizon;

  private OnlineShrinkageStudy(double[] values, Protocol protocol, int horizon) {
    this.values = values;
    this.protocol = protocol;
    this.horizon = horizon;
  }

  public static void main(String[] args) throws IOException {
    Series series = read(Path.of(args[0]), args[1], args[2]);
    int horizon = Integer.parseInt(args[4]);
    long seed = args.length > 5 ? Long.parseLong(args[5]) : 42;
    TrainingSettings settings =
        TrainingSettingsMapping.from(
            new TrainerConfig(
                Map.of(
                    TrainerConfig.HORIZON,
                    horizon,
                    TrainerConfig.SEED,
                    seed,
                    TrainerConfig.ENSEMBLE,
                    1,
                    "nowcast.input.topics",
                    "study")),
            1.0);
    Protocol protocol =
        args[3].equals("ett")
            ? Protocol.ett(series)
            : Protocol.holdout(series, 0.3, settings.holdoutFraction());
    Backtest backtest = new Backtest(settings, 0.5, ProgressListener.NONE);
    TrainingResult result = backtest.train(series, protocol);
    ModelContent content = backtest.modelOf(result, series, protocol);
    double[][] raw = rawForecasts(series, protocol, horizon, content, settings.intervalLevel());
    double[] values = new double[series.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = series.value(i);
    }
    new OnlineShrinkageStudy(values, protocol, horizon)
        .compare(
            raw,
            content.calibration().getShrinkage().stream()
                .mapToDouble(Double::doubleValue)
                .toArray());
  }

  private static Series read(Path csv, String timeColumn, String valueColumn) throws IOException {
    CsvSeries.Parsed parsed;
    try (Reader reader = Files.newBufferedReader(csv)) {
      parsed = CsvSeries.singleSensor(timeColumn, valueColumn, "study").read(reader);
    }
    // Series drops out-of-order rows as the engine does, so row indices below are the series'.
    return CsvSeries.seriesOf("study", parsed.points());
  }

  /** The engine's means with every factor 1: row r's forecast covers rows r + 1 .. r + H. */
  private static double[][] rawForecasts(
      Series series, Protocol protocol, int horizon, ModelContent content, double level) {
    Calibration unshrunk =
        Calibration.newBuilder(content.calibration())
            .setShrinkage(new ArrayList<>(Collections.nCopies(horizon, 1.0)))
            .build();
    ModelContent rawContent =
        new ModelContent(
            content.name(),
            content.version(),
            content.createdAt(),
            content.spec(),
            content.features(),
            content.parameters(),
            unshrunk,
            content.training());
    ServingModel model = ServingModel.from(Backtest.validate(rawContent), level);
    double[][] forecasts = new double[protocol.testEnd()][];
    Backtest.score(
        series,
        protocol,
        horizon,
        model,
        1,
        (row, forecast) -> {
          forecasts[row] = new double[horizon];
          for (int k = 0; k < horizon; k++) {
            forecasts[row][k] = forecast.getHorizon().get(k).getMean();
          }
        });
    return forecasts;
  }

  private void compare(double[][] raw, double[] fitted) {
    print("trainer's fixed factors", shrink(raw, fitted, 1, 0));
    print("none (alpha = 1)", shrink(raw, ones(), 1, 0));
    int stride = (horizon + 3) / 4;
    for (double lambda : FORGETTING) {
      print("online, lambda " + lambda, shrink(raw, fitted, lambda, stride));
    }
  }

  /**
   * Served means under per-step factors starting at {@code initial}; with {@code stride} > 0 they
   * are refitted online (recursive least squares of the actual change on the forecast change, with
   * forgetting {@code lambda}) from every stride-th forecast, each step as its actual arrives.
   */
  private double[][] shrink(double[][] raw, double[] initial, double lambda, int stride) {
    double[] alpha = initial.clone();
    double[] forecastChange2 = new double[horizon];
    double[] crossChange = new double[horizon];
    double[][] served = new double[raw.length][];
    int first = firstForecastRow(raw);
    for (int row = 0; row < raw.length; row++) {
      if (stride > 0) {
        learn(raw, row, first, stride, lambda, alpha, forecastChange2, crossChange);
      }
      if (raw[row] != null) {
        served[row] = new double[horizon];
        for (int k = 0; k < horizon; k++) {
          served[row][k] = values[row] + alpha[k] * (raw[row][k] - values[row]);
        }
      }
    }
    return served;
  }

  /** The actual of {@code row} scores step k of the forecast made at row − k − 1. */
  private void learn(
      double[][] raw,
      int row,
      int first,
      int stride,
      double lambda,
      double[] alpha,
      double[] forecastChange2,
      double[] crossChange) {
    for (int k = 0; k < horizon; k++) {
      int origin = row - k - 1;
      if (origin < first || raw[origin] == null || (origin - first) % stride != 0) {
        continue;
      }
      double forecastChange = (raw[origin][k] - values[origin]) / protocol.scaleStd();
      double actualChange = (values[row] - values[origin]) / protocol.scaleStd();
      forecastChange2[k] = lambda * forecastChange2[k] + forecastChange * forecastChange;
      crossChange[k] = lambda * crossChange[k] + forecastChange * actualChange;
      if (forecastChange2[k] > 0) {
        alpha[k] = Math.max(0, Math.min(1, crossChange[k] / forecastChange2[k]));
      }
    }
  }

  private static int firstForecastRow(double[][] raw) {
    for (int row = 0; row < raw.length; row++) {
      if (raw[row] != null) {
        return row;
      }
    }
    return raw.length;
  }

  private void print(String rule, double[][] served) {
    double[] validation = score(served, protocol.trainEnd(), protocol.validationEnd() - horizon);
    double[] test = score(served, protocol.testStart(), protocol.testEnd() - horizon);
    System.out.printf(
        Locale.ROOT,
        "%-26s validation MSE %.4f MASE@1 %.3f MASE@12 %.3f | test MSE %.4f MASE@1 %.3f"
            + " MASE@12 %.3f%n",
        rule,
        validation[0],
        validation[1],
        validation[2],
        test[0],
        test[1],
        test[2]);
  }

  /** MSE on the protocol scale and MASE at steps 1 and min(12, H) over positions [from, to]. */
  private double[] score(double[][] served, int from, int to) {
    double squared = 0;
    long count = 0;
    double[] absolute = new double[horizon];
    double[] persistence = new double[horizon];
    for (int position = from; position <= to; position++) {
      int row = position - 1;
      for (int k = 0; k < horizon; k++) {
        double actual = values[row + k + 1];
        double error = (actual - served[row][k]) / protocol.scaleStd();
        squared += error * error;
        count++;
        absolute[k] += Math.abs(error);
        persistence[k] += Math.abs(actual - values[row]) / protocol.scaleStd();
      }
    }
    int step12 = Math.min(12, horizon) - 1;
    return new double[] {
      squared / count, absolute[0] / persistence[0], absolute[step12] / persistence[step12]
    };
  }

  private double[] ones() {
    double[] ones = new double[horizon];
    Arrays.fill(ones, 1);
    return ones;
  }
}
