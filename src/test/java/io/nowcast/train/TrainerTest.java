package io.nowcast.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureSpec;
import io.nowcast.model.ModelContent;
import io.nowcast.nn.Network;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.optim.Huber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

  private static final List<Series> AR2 =
      List.of(TrainingFixtures.ar2("a", 1200, 0.5, 11), TrainingFixtures.ar2("b", 900, 0.5, 12));

  @Test
  void theSameSeedGivesBitIdenticalParameters() {
    TrainingResult first =
        new Trainer(TrainingFixtures.small(3, 0, 5), ProgressListener.NONE).train(AR2);
    TrainingResult second =
        new Trainer(TrainingFixtures.small(3, 0, 5), ProgressListener.NONE).train(AR2);
    TrainingResult otherSeed =
        new Trainer(TrainingFixtures.small(3, 0, 6), ProgressListener.NONE).train(AR2);

    assertArrayEquals(first.parameters(), second.parameters());
    assertEquals(first.challenger().mse(), second.challenger().mse());
    assertTrue(
        first.parameters()[0] != otherSeed.parameters()[0], "another seed must give another model");
  }

  @Test
  void reportsEveryEpochAndKeepsTheBestHoldoutParameters() {
    TrainingSettings jumpy =
        TrainingFixtures.settings(FeatureSpec.DEFAULT, OutputKind.POINT, 4, 40, 2, 3, 0.1);
    List<EpochProgress> seen = new ArrayList<>();

    TrainingResult result = new Trainer(jumpy, seen::add).train(AR2);

    assertEquals(result.history(), seen);
    assertTrue(
        result.epochs() < 40,
        "patience 2 with a learning rate of 0.1 should stop early, ran " + result.epochs());
    assertEquals(result.bestEpoch() + 2, result.epochs());
    double best = seen.stream().mapToDouble(EpochProgress::holdoutLoss).min().orElseThrow();
    assertEquals(best, result.bestHoldoutLoss());
    assertTrue(
        seen.get(seen.size() - 1).holdoutLoss() > best,
        "the last epoch was worse, yet its parameters were not kept");
    double rescored =
        HoldoutScorer.scoreNetwork(
                new Network(result.spec(), result.parameters()),
                FeaturePipeline.of(result.features()),
                splitsOf(jumpy),
                TrainingLoop.lossOf(OutputKind.POINT, TrainingSettings.LossKind.MSE),
                null,
                null)
            .loss();
    assertEquals(best, rescored);
  }

  @Test
  void aWarmStartStartsFromTheChampionsLoss() {
    TrainingResult champion =
        new Trainer(TrainingFixtures.small(3, 0, 5), ProgressListener.NONE).train(AR2);
    ModelContent served = champion.toModelContent("m", 7, Instant.EPOCH, "test");

    TrainingResult warm =
        new Trainer(TrainingFixtures.small(2, 0, 9), ProgressListener.NONE)
            .train(AR2, served, true);
    TrainingResult cold =
        new Trainer(TrainingFixtures.small(2, 0, 9), ProgressListener.NONE)
            .train(AR2, served, false);

    assertEquals(champion.bestHoldoutLoss(), warm.initialHoldoutLoss());
    assertEquals(7L, warm.parentVersion());
    assertEquals(champion.challenger().mae(), warm.champion().mae(), 1e-12);
    assertTrue(
        cold.initialHoldoutLoss() > warm.initialHoldoutLoss(), "random weights should start worse");
    assertEquals(null, cold.parentVersion());
  }

  @Test
  void theCalibratedIntervalCoversAboutItsLevelOfFreshData() {
    TrainingSettings settings = TrainingFixtures.small(8, 3, 21);
    TrainingResult result =
        new Trainer(settings, ProgressListener.NONE)
            .train(List.of(TrainingFixtures.noisySine("s", 4000, 24, 0.3, 1)));
    Series fresh = TrainingFixtures.noisySine("s", 4000, 24, 0.3, 2);

    HoldoutScore score =
        HoldoutScorer.scoreShrunkNetwork(
            new Network(result.spec(), result.parameters()),
            FeaturePipeline.of(result.features()),
            List.of(fresh.split(0.5)),
            TrainingLoop.lossOf(OutputKind.POINT, TrainingSettings.LossKind.MSE),
            result.calibration().getShrinkage(),
            result.calibration(),
            null);

    assertEquals(ConformalCalibrator.Rule.CONFORMAL, result.calibrationRule());
    assertEquals(0.8, result.calibration().getLevel());
    assertTrue(score.coverage() > 0.7 && score.coverage() < 0.9, "coverage " + score.coverage());
  }

  @Test
  void theStoredShrinkageIsWhatTheChallengerWasScoredWith() {
    TrainingSettings settings = TrainingFixtures.small(8, 3, 21);
    Series sine = TrainingFixtures.noisySine("s", 4000, 24, 0.3, 1);
    TrainingResult result = new Trainer(settings, ProgressListener.NONE).train(List.of(sine));
    List<Double> shrinkage = result.calibration().getShrinkage();

    assertEquals(settings.horizon(), shrinkage.size());
    assertTrue(
        shrinkage.stream().allMatch(factor -> factor >= 0 && factor <= 1), "factors " + shrinkage);
    HoldoutScore rescored =
        HoldoutScorer.scoreShrunkNetwork(
            new Network(result.spec(), result.parameters()),
            FeaturePipeline.of(result.features()),
            List.of(sine.split(settings.holdoutFraction())),
            TrainingLoop.lossOf(OutputKind.POINT, settings.loss()),
            shrinkage,
            null,
            null);
    assertEquals(result.challenger().mae(), rescored.mae(), 1e-12);
  }

  @Test
  void aHuberLossTrainsAndEarlyStopsOnItsOwnLoss() {
    TrainingSettings mse = TrainingFixtures.small(4, 2, 3);
    TrainingSettings huber =
        new TrainingSettings(
            mse.cell(),
            mse.activation(),
            mse.layers(),
            mse.horizon(),
            mse.output(),
            mse.features(),
            mse.chunkLength(),
            mse.batchSize(),
            mse.learningRate(),
            mse.optimizer(),
            mse.clipNorm(),
            mse.learningRateDecay(),
            mse.epochs(),
            mse.patience(),
            mse.seed(),
            mse.holdoutFraction(),
            mse.minPointsPerKey(),
            mse.intervalLevel(),
            TrainingSettings.LossKind.HUBER,
            mse.ensemble(),
            mse.threads(),
            mse.maxTrainSteps(),
            mse.holdoutSamplePoints());

    TrainingResult result = new Trainer(huber, ProgressListener.NONE).train(AR2);

    double rescored =
        HoldoutScorer.scoreNetwork(
                new Network(result.spec(), result.parameters()),
                FeaturePipeline.of(result.features()),
                splitsOf(huber),
                new Huber(1.0),
                null,
                null)
            .loss();
    assertEquals(result.bestHoldoutLoss(), rescored);
  }

  @Test
  void aProbabilisticHeadTrainsWithGaussianNll() {
    TrainingSettings settings =
        TrainingFixtures.settings(FeatureSpec.DEFAULT, OutputKind.PROBABILISTIC, 4, 3, 0, 2, 1e-2);

    TrainingResult result = new Trainer(settings, ProgressListener.NONE).train(AR2);

    assertEquals(8, result.spec().outputSize());
    assertTrue(
        result.bestHoldoutLoss() < result.initialHoldoutLoss(),
        "NLL should fall from the random start");
    assertTrue(Double.isFinite(result.challenger().mse()));
  }

  @Test
  void aNonFiniteLossStopsTheRunWithAClearMessage() {
    TrainingDivergedException e =
        assertThrows(
            TrainingDivergedException.class,
            () ->
                new Trainer(TrainingFixtures.unnormalised(), ProgressListener.NONE)
                    .train(List.of(TrainingFixtures.explodingSine())));

    assertTrue(
        e.getMessage().contains("diverged") && e.getMessage().contains("nothing is published"),
        e.getMessage());
  }

  @Test
  void tooLittleDataNamesTheKeyAndTheCounts() {
    Series shortSeries = TrainingFixtures.ar2("tiny-sensor", 30, 1, 1);

    NotEnoughDataException e =
        assertThrows(
            NotEnoughDataException.class,
            () ->
                new Trainer(TrainingFixtures.small(1, 0, 1), ProgressListener.NONE)
                    .train(List.of(shortSeries)));

    assertTrue(
        e.getMessage().contains("'tiny-sensor' has 30 readings, expected at least 50"),
        e.getMessage());
  }

  @Test
  void keysTooShortAreLeftOutWhenOthersQualify() {
    List<Series> mixed = List.of(AR2.get(0), TrainingFixtures.ar2("tiny-sensor", 30, 1, 1));

    TrainingResult result =
        new Trainer(TrainingFixtures.small(1, 0, 1), ProgressListener.NONE).train(mixed);

    assertEquals(1, result.keys());
    assertEquals(1, result.skippedKeys().size());
    assertTrue(result.skippedKeys().get(0).contains("tiny-sensor"));
  }

  private static List<Series.Split> splitsOf(TrainingSettings settings) {
    return AR2.stream().map(series -> series.split(settings.holdoutFraction())).toList();
  }
}
