package io.nowcast.engine;

import io.nowcast.avro.SensorReading;
import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureState;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkState;
import io.nowcast.nn.StepWorkspace;
import java.util.List;

/**
 * The forecast means computed by hand from the building blocks (pipeline, network,
 * de-normalisation), without the engine: what every engine forecast must equal bit for bit.
 */
final class IndependentAssembly {
  private final FeaturePipeline pipeline;
  private final Network network;
  private final FeatureState features;
  private final NetworkState state;
  private final StepWorkspace workspace;
  private final float[] x;
  private final float[] out;

  IndependentAssembly(ServingModel model) {
    pipeline = FeaturePipeline.of(model.pipeline().spec().toString());
    network = new Network(model.network().spec(), model.network().parameters().clone());
    features = pipeline.newState();
    state = network.newState();
    workspace = network.newWorkspace();
    x = new float[pipeline.inputSize()];
    out = new float[network.spec().outputSize()];
  }

  /** Observes and steps once; returns the de-normalised means of steps 1..H. */
  double[] step(SensorReading reading) {
    pipeline.observe(
        features,
        reading.getTimestamp().toEpochMilli(),
        reading.getValue(),
        reading.getCovariates(),
        x);
    network.step(state, x, workspace, out);
    double[] means = new double[network.spec().horizon()];
    for (int k = 0; k < means.length; k++) {
      means[k] = pipeline.denormalise(features, out[k]);
    }
    return means;
  }

  /** Means after stepping through every reading. */
  double[] stepAll(List<SensorReading> readings) {
    double[] means = null;
    for (SensorReading reading : readings) {
      means = step(reading);
    }
    return means;
  }

  FeaturePipeline pipeline() {
    return pipeline;
  }

  FeatureState features() {
    return features;
  }

  float[] rawOutput() {
    return out;
  }
}
