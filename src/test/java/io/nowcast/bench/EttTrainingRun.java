package io.nowcast.bench;

import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureSpec;
import io.nowcast.local.CsvSeries;
import io.nowcast.nn.Activation;
import io.nowcast.nn.CellType;
import io.nowcast.nn.Network;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.optim.MeanSquaredError;
import io.nowcast.train.HoldoutScore;
import io.nowcast.train.HoldoutScorer;
import io.nowcast.train.Series;
import io.nowcast.train.Trainer;
import io.nowcast.train.TrainingResult;
import io.nowcast.train.TrainingSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Training figures on ETTh1 under the standard protocol (data/README.md): train rows [0, 8640),
 * validation [8640, 11520) as the early-stopping holdout, then the kept model scored on the test
 * positions [11520, 14400 − H] exactly like persistence. Prints throughput (sequence-steps/s,
 * effective GFLOP/s) and MSE/MAE in the protocol's units (z-scores with the train rows' mean and
 * population std), whatever the model's own normalisation. Not a test: the ETT files may not be
 * committed (CC BY-ND), so the path is an argument.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp target/test-classes:target/classes:$(cat cp.txt) \
 *   io.nowcast.bench.EttTrainingRun /path/to/ETTh1.csv [epochs] [features] [batch] [chunk]
 * </pre>
 */
public final class EttTrainingRun {

  private static final int TRAIN_END = 8640;
  private static final int VALIDATION_END = 11520;
  private static final int TEST_END = 14400;

  /** ETTh1 OT over the train rows: the protocol's scale. */
  private static final double TRAIN_STD = 9.176491;

  private static final int HORIZON = 24;

  private EttTrainingRun() {}

  public static void main(String[] args) throws IOException {
    Series series = read(Path.of(args[0]));
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    FeatureSpec features = FeatureSpec.parse(args.length > 2 ? args[2] : "value");
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 32;
    int chunk = args.length > 4 ? Integer.parseInt(args[4]) : 64;
    TrainingSettings settings =
        new TrainingSettings(
            CellType.LSTM,
            Activation.TANH,
            new int[] {64, 64},
            HORIZON,
            OutputKind.POINT,
            features,
            chunk,
            batch,
            1e-3,
            TrainingSettings.OptimizerKind.ADAM,
            1.0,
            1.0,
            epochs,
            10,
            42,
            0.2,
            100,
            0.8,
            TrainingSettings.LossKind.MSE,
            1,
            1,
            0,
            0);
    TrainingResult result =
        new Trainer(
                settings,
                progress -> System.err.println(progress.epoch() + " " + progress.holdoutLoss()))
            .trainOnSplits(List.of(series.head(VALIDATION_END).splitAt(TRAIN_END)), null, false);
    print("validation", result.challenger(), result.persistence());
    FeaturePipeline pipeline = FeaturePipeline.of(result.features());
    List<Series.Split> test = List.of(series.head(TEST_END).splitAt(VALIDATION_END));
    HoldoutScore model =
        HoldoutScorer.scoreNetwork(
            new Network(result.spec(), result.parameters()),
            pipeline,
            test,
            new MeanSquaredError(),
            result.calibration(),
            null);
    print("test", model, HoldoutScorer.scorePersistence(pipeline, test, HORIZON));
    System.out.printf(
        Locale.ROOT,
        "epochs %d (best %d), %.0f sequence-steps/s, %.2f GFLOP/s, test coverage %.3f%n",
        result.epochs(),
        result.bestEpoch(),
        result.sequenceStepsPerSecond(),
        result.effectiveGflops(),
        model.coverage());
  }

  private static void print(String split, HoldoutScore model, HoldoutScore persistence) {
    System.out.printf(
        Locale.ROOT,
        "%s: MSE %.4f MAE %.4f | persistence MSE %.4f MAE %.4f (ETT units)%n",
        split,
        protocolMse(model),
        model.maeOriginal() / TRAIN_STD,
        protocolMse(persistence),
        persistence.maeOriginal() / TRAIN_STD);
  }

  private static double protocolMse(HoldoutScore score) {
    return score.rmseOriginal() * score.rmseOriginal() / (TRAIN_STD * TRAIN_STD);
  }

  private static Series read(Path csv) throws IOException {
    CsvSeries.Parsed parsed;
    try (Reader reader = Files.newBufferedReader(csv)) {
      parsed = CsvSeries.singleSensor("date", "OT", "ETTh1").read(reader);
    }
    return CsvSeries.seriesOf("ETTh1", parsed.points());
  }
}
