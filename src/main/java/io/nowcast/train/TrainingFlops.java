package io.nowcast.train;

import io.nowcast.nn.NetworkSpec;

/**
 * Floating-point operations of one training sequence step, for throughput figures. Counts the
 * matrix products only (2 flops per multiply-add): per layer x·W and h·U, i.e. 2·(I<sub>l</sub> +
 * H<sub>l</sub>)·G·H<sub>l</sub>, plus the head's 2·H·K, forward; backward costs twice the forward
 * (input and weight gradients), so a training step is 3 × forward. Element-wise gate work is
 * ignored.
 */
public final class TrainingFlops {

  private TrainingFlops() {}

  /** Forward + backward flops of one time step of one sequence. */
  public static double perSequenceStep(NetworkSpec spec) {
    int gates = spec.cell().gates();
    double forward = 0;
    for (int l = 0; l < spec.layers(); l++) {
      int hidden = spec.hiddenSize(l);
      forward += 2.0 * (spec.layerInputSize(l) + hidden) * gates * hidden;
    }
    forward += 2.0 * spec.lastHiddenSize() * spec.outputSize();
    return 3 * forward;
  }
}
