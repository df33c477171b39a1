package io.nowcast.nn;

import java.util.Arrays;

/**
 * Gradient of the loss with respect to every parameter, in one flat buffer with exactly the layout
 * of the network's parameters ({@link ParameterLayout}), so an optimiser walks both arrays in step.
 */
public final class Gradients {
  private final ParameterLayout layout;
  private final float[] values;

  public Gradients(NetworkSpec spec) {
    this.layout = ParameterLayout.of(spec);
    this.values = new float[layout.size()];
  }

  public ParameterLayout layout() {
    return layout;
  }

  /** The live gradient buffer, aligned with {@link Network#parameters()}. */
  public float[] values() {
    return values;
  }

  /** Sets every gradient to 0 (before accumulating a new batch). */
  public void zero() {
    Arrays.fill(values, 0f);
  }
}
