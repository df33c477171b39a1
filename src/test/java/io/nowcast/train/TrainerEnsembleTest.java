package io.nowcast.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.features.FeaturePipeline;
import io.nowcast.model.ModelContent;
import io.nowcast.nn.EnsembleMerge;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A seed ensemble of M members is M single-seed trainings merged into one network. */
class TrainerEnsembleTest {

  private static final List<Series> AR2 =
      List.of(TrainingFixtures.ar2("a", 1200, 0.5, 11), TrainingFixtures.ar2("b", 900, 0.5, 12));
  private static final long SEED = 5;

  private static TrainingResult train(TrainingSettings settings) {
    return new Trainer(settings, ProgressListener.NONE).train(AR2);
  }

  @Test
  void twoMembersAreTheTwoSingleSeedModelsMerged() {
    TrainingSettings single = TrainingFixtures.small(3, 0, SEED);
    TrainingResult first = train(single);
    TrainingResult second = train(TrainingFixtures.withSeed(single, SEED + 1));

    TrainingResult ensemble = train(TrainingFixtures.withEnsemble(single, 2));

    NetworkSpec memberSpec = first.spec();
    assertEquals(EnsembleMerge.mergedSpec(memberSpec, 2), ensemble.spec());
    assertArrayEquals(new int[] {32}, ensemble.spec().layerSizes());
    float[] merged =
        EnsembleMerge.merge(memberSpec, List.of(first.parameters(), second.parameters()));
    assertArrayEquals(merged, ensemble.parameters());
    HoldoutScore rescored =
        HoldoutScorer.scoreShrunkNetwork(
            new Network(ensemble.spec(), merged),
            FeaturePipeline.of(ensemble.features()),
            splitsOf(single),
            TrainingLoop.lossOf(memberSpec.output(), single.loss()),
            ensemble.calibration().getShrinkage(),
            null,
            null);
    assertEquals(rescored.mae(), ensemble.challenger().mae());
    assertEquals(rescored.mse(), ensemble.challenger().mse());
    assertEquals(2, ensemble.ensemble());
    assertEquals(SEED, ensemble.seed());
  }

  @Test
  void theHistoryIsTheMembersEpochsInOrderWithTheLastMembersBest() {
    TrainingSettings single = TrainingFixtures.small(4, 2, SEED);
    TrainingResult first = train(single);
    TrainingResult second = train(TrainingFixtures.withSeed(single, SEED + 1));
    List<String> seen = new ArrayList<>();
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void onEpoch(EpochProgress progress) {
            seen.add("epoch " + progress.epoch());
          }

          @Override
          public void onMember(int member, int members) {
            seen.add("member " + member + "/" + members);
          }
        };

    TrainingResult ensemble =
        new Trainer(TrainingFixtures.withEnsemble(single, 2), listener).train(AR2);

    List<EpochProgress> history = new ArrayList<>(first.history());
    history.addAll(second.history());
    assertEquals(
        epochNames(history.subList(0, first.epochs())),
        seen.subList(1, 1 + first.epochs()),
        "member 1's epochs follow its announcement");
    assertEquals("member 1/2", seen.get(0));
    assertEquals("member 2/2", seen.get(1 + first.epochs()));
    assertEquals(first.epochs() + second.epochs(), ensemble.epochs());
    assertEquals(losses(history), losses(ensemble.history()));
    assertEquals(second.bestEpoch(), ensemble.bestEpoch());
    assertEquals(second.bestHoldoutLoss(), ensemble.bestHoldoutLoss());
    assertEquals(second.finalTrainLoss(), ensemble.finalTrainLoss());
    assertEquals(first.trainedSteps() + second.trainedSteps(), ensemble.trainedSteps());
  }

  @Test
  void aWarmStartNeedsAChampionOfTheMergedShape() {
    TrainingSettings pair = TrainingFixtures.withEnsemble(TrainingFixtures.small(2, 0, SEED), 2);
    ModelContent pairChampion = train(pair).toModelContent("m", 7, Instant.EPOCH, "test");
    ModelContent singleChampion =
        train(TrainingFixtures.small(2, 0, SEED)).toModelContent("m", 8, Instant.EPOCH, "test");
    TrainingSettings next = TrainingFixtures.withEnsemble(TrainingFixtures.small(1, 0, 9), 2);

    TrainingResult warm = new Trainer(next, ProgressListener.NONE).train(AR2, pairChampion, true);
    TrainingResult cold = new Trainer(next, ProgressListener.NONE).train(AR2, singleChampion, true);

    assertEquals(7L, warm.parentVersion());
    assertNull(cold.parentVersion(), "a single network cannot start a pair");
    assertTrue(
        warm.initialHoldoutLoss() < cold.initialHoldoutLoss(),
        "member 2 starts from the champion's second block, better than random: "
            + warm.initialHoldoutLoss()
            + " vs "
            + cold.initialHoldoutLoss());
  }

  private static List<Series.Split> splitsOf(TrainingSettings settings) {
    List<Series.Split> splits = new ArrayList<>();
    for (Series series : AR2) {
      splits.add(series.split(settings.holdoutFraction()));
    }
    return splits;
  }

  private static List<String> epochNames(List<EpochProgress> history) {
    return history.stream().map(progress -> "epoch " + progress.epoch()).toList();
  }

  private static List<Double> losses(List<EpochProgress> history) {
    List<Double> losses = new ArrayList<>();
    for (EpochProgress progress : history) {
      losses.add(progress.trainLoss());
      losses.add(progress.holdoutLoss());
    }
    return losses;
  }
}
