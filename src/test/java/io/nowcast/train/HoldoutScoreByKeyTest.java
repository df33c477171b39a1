package io.nowcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureSpec;
import io.nowcast.nn.CellType;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.optim.MeanSquaredError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scorer keeps every key's own holdout score beside the pooled one. */
class HoldoutScoreByKeyTest {
  private static final FeaturePipeline PIPELINE = new FeaturePipeline(FeatureSpec.DEFAULT);
  private static final Network NETWORK =
      Network.initialise(
          NetworkSpec.of(CellType.LSTM, PIPELINE.inputSize(), new int[] {6}, 3, OutputKind.POINT),
          3);
  private static final Series.Split A = TrainingFixtures.ar2("a", 400, 0.5, 1).split(0.25);
  private static final Series.Split B = TrainingFixtures.ar2("b", 300, 2.0, 2).split(0.25);

  private static HoldoutScore score(List<Series.Split> splits) {
    return HoldoutScorer.scoreNetwork(
        NETWORK, PIPELINE, splits, new MeanSquaredError(), null, null);
  }

  @Test
  void eachKeyScoresAsIfItWereScoredAlone() {
    HoldoutScore both = score(List.of(A, B));

    assertEquals(List.of("a", "b"), List.copyOf(both.byKey().keySet()));
    for (Series.Split alone : List.of(A, B)) {
      HoldoutScore expected = score(List.of(alone));
      HoldoutScore kept = both.byKey().get(alone.series().key());
      assertEquals(expected.count(), kept.count());
      assertEquals(expected.mae(), kept.mae());
      assertEquals(expected.maeOriginal(), kept.maeOriginal());
      assertEquals(expected.loss(), kept.loss());
    }
  }

  @Test
  void thePooledScoreCountsEveryKeysPositions() {
    HoldoutScore both = score(List.of(A, B));

    long perKey = both.byKey().values().stream().mapToLong(HoldoutScore::count).sum();
    assertEquals(both.count(), perKey);
    assertTrue(
        both.byKey().get("a").mae() != both.byKey().get("b").mae(),
        "the keys' noise differs, so must their errors");
  }

  @Test
  void theScoreOfOneKeyHasNoBreakdown() {
    assertTrue(score(List.of(A)).byKey().get("a").byKey().isEmpty());
  }
}
