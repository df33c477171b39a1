package io.nowcast.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits, per horizon step, the factor α ∈ [0, 1] that pulls the network's output toward
 * repeat-last-value: with p the persistence forecast, f the network's and y the actual (all on the
 * output scale), α minimises Σ (y − p − α·(f − p))², so α = Σ (y − p)(f − p) / Σ (f − p)², clipped
 * to [0, 1]. A step where the network's correction does not help on the holdout gets α = 0, i.e.
 * the persistence forecast; a step where it helps fully keeps α ≈ 1. One parameter per step fitted
 * on thousands of holdout origins, so it barely over-fits the holdout.
 */
public final class ShrinkageFit implements HoldoutScorer.OutputSink {

  private final double[] correctionTimesTruth;
  private final double[] correctionSquared;

  public ShrinkageFit(int horizon) {
    correctionTimesTruth = new double[horizon];
    correctionSquared = new double[horizon];
  }

  @Override
  public void accept(int step, double output, double target, double persistence) {
    double correction = output - persistence;
    correctionTimesTruth[step] += (target - persistence) * correction;
    correctionSquared[step] += correction * correction;
  }

  /** The fitted factor of every step; 1 for a step whose network output never left persistence. */
  public List<Double> factors() {
    List<Double> factors = new ArrayList<>(correctionSquared.length);
    for (int s = 0; s < correctionSquared.length; s++) {
      double unclipped =
          correctionSquared[s] > 0 ? correctionTimesTruth[s] / correctionSquared[s] : 1;
      factors.add(Math.max(0, Math.min(1, unclipped)));
    }
    return factors;
  }
}
