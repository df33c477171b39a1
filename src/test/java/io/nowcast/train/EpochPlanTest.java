package io.nowcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.features.FeaturePipeline;
import io.nowcast.nn.BatchState;
import io.nowcast.nn.CellType;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.SequenceBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EpochPlanTest {

  private static final int CHUNK = 16;
  private static final int BATCH = 4;
  private static final int HORIZON = 2;

  /**
   * Without normalisation each input is its raw value: positions are tagged 1, 2, … so 0 means
   * padding.
   */
  private static final FeaturePipeline RAW = FeaturePipeline.of("value,norm=none");

  @Test
  void everyTrainingStepAppearsExactlyOncePerEpochAndBoundariesMove() {
    List<TrainingData.KeyData> keys = List.of(positions("a", 1, 301), positions("b", 1000, 77));
    SplittableRandom random = new SplittableRandom(1);

    List<Float> first = epoch(keys, random);
    List<Float> second = epoch(keys, random);

    assertEquals(378, first.size());
    assertEquals(378, first.stream().distinct().count());
    assertEquals(first.stream().sorted().toList(), second.stream().sorted().toList());
    assertNotEquals(
        first, second, "the seeded offset and shuffle must change the layout between epochs");
  }

  private static TrainingData.KeyData positions(String key, int firstValue, int length) {
    long[] times = new long[length];
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      times[i] = i;
      values[i] = firstValue + i;
    }
    return TrainingData.featurise(RAW, Series.of(key, times, values), HORIZON);
  }

  /**
   * The input values in the order the epoch's chunks present them (lane-major within each chunk).
   */
  private static List<Float> epoch(List<TrainingData.KeyData> keys, SplittableRandom random) {
    EpochPlan plan = EpochPlan.build(keys, CHUNK, BATCH, random);
    SequenceBatch batch = new SequenceBatch(CHUNK, BATCH, 1, HORIZON);
    BatchState state =
        new BatchState(
            NetworkSpec.of(CellType.LSTM, 1, new int[] {2}, HORIZON, OutputKind.POINT), BATCH);
    List<Float> seen = new ArrayList<>();
    for (int chunk = 0; chunk < plan.chunks(); chunk++) {
      plan.fill(chunk, batch, state);
      for (int lane = 0; lane < BATCH; lane++) {
        for (int t = 0; t < CHUNK; t++) {
          float value = batch.inputs()[batch.inputOffset(t, lane)];
          if (value != 0f) {
            seen.add(value);
          }
        }
      }
    }
    assertTrue(plan.chunks() * CHUNK * BATCH >= 378);
    return seen;
  }
}
