package io.nowcast.nn.optim;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What Adam and RMSprop share: per-parameter moment arrays, a step counter, a learning rate, and
 * their serialised form. Subclasses write only the update rule.
 */
abstract class MomentOptimizer implements Optimizer {
  private final String name;
  private final int kind;
  private final float[][] moments;
  private double learningRate;
  private long steps;

  /**
   * @param name used in error messages
   * @param kind tag of the serialised state, so one optimiser's state is never read by another
   * @param momentCount moment arrays per parameter (Adam 2, RMSprop 1)
   */
  MomentOptimizer(String name, int kind, int parameterCount, double learningRate, int momentCount) {
    if (parameterCount < 0) {
      throw new IllegalArgumentException("parameterCount must be >= 0, got " + parameterCount);
    }
    this.name = name;
    this.kind = kind;
    this.learningRate = StateCodec.checkLearningRate(learningRate);
    moments = new float[momentCount][parameterCount];
  }

  /** Applies one update with the moments of {@link #moment}; {@code step} counts from 1. */
  abstract void update(float[] params, float[] grads, long step);

  /** The i-th moment array (updated in place by {@link #update}). */
  final float[] moment(int i) {
    return moments[i];
  }

  @Override
  public final void step(float[] params, float[] grads) {
    StateCodec.checkLengths(name, parameterCount(), params, grads);
    steps++;
    update(params, grads, steps);
  }

  @Override
  public final void reset() {
    for (float[] moment : moments) {
      Arrays.fill(moment, 0f);
    }
    steps = 0;
  }

  @Override
  public final long stepCount() {
    return steps;
  }

  @Override
  public final int parameterCount() {
    return moments[0].length;
  }

  @Override
  public final double learningRate() {
    return learningRate;
  }

  @Override
  public final void setLearningRate(double learningRate) {
    this.learningRate = StateCodec.checkLearningRate(learningRate);
  }

  @Override
  public final int serializedSize() {
    return StateCodec.size(parameterCount(), moments.length);
  }

  @Override
  public final void writeTo(ByteBuffer buffer) {
    StateCodec.write(buffer, kind, steps, moments);
  }

  @Override
  public final void readFrom(ByteBuffer buffer) {
    steps = StateCodec.read(buffer, kind, name, moments);
  }
}
