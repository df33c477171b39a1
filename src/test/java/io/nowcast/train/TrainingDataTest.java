package io.nowcast.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureState;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrainingDataTest {

  private static final int HORIZON = 5;
  private static final FeaturePipeline PIPELINE = FeaturePipeline.of("value,dt,gap");

  @Test
  void rowsUpToTDoNotChangeWhenDataAfterTPlusHorizonChanges() {
    Series original = TrainingFixtures.ar2("k", 200, 1, 3);
    int t = 120;
    long[] times = new long[original.size()];
    double[] values = new double[original.size()];
    for (int i = 0; i < original.size(); i++) {
      times[i] = original.timestamp(i);
      values[i] = i > t + HORIZON ? original.value(i) * 3 + 100 : original.value(i);
    }
    Series changed = Series.of("k", times, values);

    TrainingData.KeyData before = TrainingData.featurise(PIPELINE, original, HORIZON);
    TrainingData.KeyData after = TrainingData.featurise(PIPELINE, changed, HORIZON);

    int width = PIPELINE.inputSize();
    assertArrayEquals(
        Arrays.copyOf(before.inputs(), (t + 1) * width),
        Arrays.copyOf(after.inputs(), (t + 1) * width));
    assertArrayEquals(
        Arrays.copyOf(before.targets(), (t + 1) * HORIZON),
        Arrays.copyOf(after.targets(), (t + 1) * HORIZON));
    assertNotEquals(
        before.targets()[(t + 1) * HORIZON + HORIZON - 1],
        after.targets()[(t + 1) * HORIZON + HORIZON - 1],
        "the change must be visible right after t, or the test proves nothing");
  }

  @Test
  void targetsAreTheFutureValuesOnTheOriginsScaleAndNanPastTheEnd() {
    Series series = TrainingFixtures.ar2("k", 60, 1, 4);
    TrainingData.KeyData data = TrainingData.featurise(PIPELINE, series, HORIZON);

    FeatureState state = PIPELINE.newState();
    float[] x = new float[PIPELINE.inputSize()];
    int origin = 40;
    for (int i = 0; i <= origin; i++) {
      PIPELINE.observe(state, series.timestamp(i), series.value(i), new double[0], x);
    }
    assertEquals(
        (float) PIPELINE.normaliseTarget(state, series.value(origin + 3)),
        data.targets()[origin * HORIZON + 2]);
    int last = series.size() - 1;
    for (int s = 0; s < HORIZON; s++) {
      assertTrue(
          Float.isNaN(data.targets()[last * HORIZON + s]), "no future after the last reading");
    }
    int twoLeft = series.size() - 3;
    assertFalse(Float.isNaN(data.targets()[twoLeft * HORIZON + 1]));
    assertTrue(
        Float.isNaN(data.targets()[twoLeft * HORIZON + 2]),
        "step 3 from the third-last reading is past the end");
  }

  @Test
  void originsWithTooFewReadingsCarryNoTargets() {
    TrainingData.KeyData data =
        TrainingData.featurise(PIPELINE, TrainingFixtures.ar2("k", 60, 1, 5), HORIZON);

    int lastWarmUp = TrainingData.WARM_UP_READINGS - 2;
    assertTrue(Float.isNaN(data.targets()[lastWarmUp * HORIZON]));
    assertFalse(Float.isNaN(data.targets()[(lastWarmUp + 1) * HORIZON]));
  }
}
