package io.nowcast.nn;

/**
 * Scratch memory for {@link Network#step}: the gate pre-activations of the widest layer, followed
 * by one float per unit of that layer for the kernels' intermediate results (see {@link
 * StepKernel}). One per thread; reusing it is what keeps a step free of allocation.
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
      widest = Math.max(widest, spec.hiddenSize(l));
    }
    // GRU keeps x·W + b_in and h·U + b_rec apart (the reset gate multiplies only the latter).
    int gateBlocks = spec.cell() == CellType.GRU ? 2 * spec.cell().gates() : spec.cell().gates();
    return (gateBlocks + 1) * widest;
  }
}
