package io.nowcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureState;
import io.nowcast.nn.CellType;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.NetworkState;
import io.nowcast.nn.OutputKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelStepperTest {
  private static final NetworkSpec SPEC =
      NetworkSpec.of(CellType.LSTM, 1, new int[] {4}, 2, OutputKind.POINT);
  private static final Network NETWORK = Network.initialise(SPEC, 5);
  private static final FeaturePipeline PIPELINE = FeaturePipeline.of("value,norm=ew(50)");

  @Test
  void aShrinkageOfZeroServesTheLastValueAndOfOneTheNetwork() {
    ModelStepper persistence = ModelStepper.of(NETWORK, PIPELINE, List.of(0.0, 0.0));
    ModelStepper unshrunk = ModelStepper.of(NETWORK, PIPELINE, List.of(1.0, 1.0));
    FeatureState features = PIPELINE.newState();
    FeatureState sameFeatures = PIPELINE.newState();
    NetworkState state = NETWORK.newState();
    NetworkState sameState = NETWORK.newState();
    for (int t = 0; t < 20; t++) {
      double value = 10 + Math.sin(t);
      persistence.observe(features, state, 1000L * t, value, Map.of());
      unshrunk.observe(sameFeatures, sameState, 1000L * t, value, new double[0]);
    }

    assertEquals(10 + Math.sin(19), persistence.mean(features, 1), 1e-12);
    assertEquals(unshrunk.output()[1], (float) unshrunk.normalisedMean(sameFeatures, 1));
    assertEquals(
        PIPELINE.denormalise(sameFeatures, unshrunk.output()[1]), unshrunk.mean(sameFeatures, 1));
  }

  @Test
  void refusesAPipelineOfAnotherWidth() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelStepper.of(NETWORK, FeaturePipeline.of("value,dt"), null));

    assertEquals(
        "the pipeline 'value,dt' produces 2 inputs, the network takes 1", refused.getMessage());
  }

  @Test
  void refusesAShrinkageOfAnotherLengthThanTheHorizon() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class, () -> ModelStepper.of(NETWORK, PIPELINE, List.of(0.5)));

    assertEquals("shrinkage: expected 2 factors (one per step), got 1", refused.getMessage());
  }
}
