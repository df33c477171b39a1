package io.nowcast.nn;

/**
 * Scratch memory for {@link Network#step}: the gate pre-activations of the widest layer. One per
 * thread; reusing it is what keeps a step free of allocation.
 */
public final class StepWorkspace {
  final float[] gates;

  public StepWorkspace(NetworkSpec spec) {
    gates = new float[requiredLength(spec)];
  }

  /** Floats of scratch a step of {@code spec} needs. */
  static int requiredLength(NetworkSpec spec) {
    int widest = 0;
    for (int l = 0; l < spec.layers(); l++) {
      widest = Math.max(widest, spec.cell().gates() * spec.hiddenSize(l));
    }
    // GRU keeps x·W + b_in and h·U + b_rec apart (the reset gate multiplies only the latter).
    return spec.cell() == CellType.GRU ? 2 * widest : widest;
  }
}
