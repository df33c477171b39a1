package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.series;
import static io.nowcast.engine.EngineFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.ForecastPoint;
import io.nowcast.avro.SensorReading;
import io.nowcast.features.FeaturePipeline;
import io.nowcast.nn.CellType;
import io.nowcast.nn.EnsembleMerge;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A merged seed ensemble is served block by block ({@link Network#forServing}) and its forecasts
 * are exactly those of the same parameters stepped dense, as the engine served them before.
 */
class EnsembleServingTest {
  private static final String FEATURES = "value,dt,calendar=hour";
  private static final int MEMBERS = 3;

  @Test
  void aMergedEnsembleForecastsExactlyAsTheDenseNetworkDoes() {
    NetworkSpec member =
        NetworkSpec.of(
            CellType.LSTM,
            FeaturePipeline.of(FEATURES).inputSize(),
            new int[] {8, 8},
            4,
            OutputKind.PROBABILISTIC);
    List<float[]> members = new ArrayList<>();
    for (int m = 0; m < MEMBERS; m++) {
      members.add(Network.initialise(member, 40 + m).parameters());
    }
    NetworkSpec spec = EnsembleMerge.mergedSpec(member, MEMBERS);
    ServingModel model =
        EngineFixtures.serving(spec, FEATURES, EnsembleMerge.merge(member, members), 1, null);
    assertEquals(MEMBERS, model.network().blockMembers(), "the engine steps the members' blocks");

    List<SensorReading> readings = series(150, 3);
    ForecastEngine engine = new ForecastEngine(settings(16));
    IndependentAssembly dense = new IndependentAssembly(model);
    KeyState state = null;
    for (SensorReading reading : readings) {
      Outcome outcome = engine.onReading(state, reading, model, 0);
      state = outcome.state();
      double[] expected = dense.step(reading);
      List<ForecastPoint> horizon = outcome.forecast().getHorizon();
      for (int k = 0; k < expected.length; k++) {
        // == (not bit equality): a zero could only differ in its sign, see Network#blockMembers.
        double mean = horizon.get(k).getMean();
        assertTrue(
            expected[k] == mean,
            "mean "
                + k
                + " at "
                + reading.getTimestamp()
                + ": expected "
                + expected[k]
                + " but was "
                + mean);
      }
    }
    assertEquals(readings.size(), state.observations());
  }
}
