package io.nowcast.nn;

/**
 * Finds the seed-ensemble structure {@link EnsembleMerge} writes: the largest M &gt; 1 dividing
 * every layer size such that each layer's recurrent kernel and (for l &gt; 0) its input kernel are
 * exactly block-diagonal in the merged layout, member m owning units m·H … (m+1)·H − 1 of every
 * layer and gate block. Layer 0's kernel (the shared input) and the head are dense in a merged
 * network and are not examined. A weight counts as off-diagonal-zero only when it is exactly ±0.
 */
final class BlockDiagonal {
  private BlockDiagonal() {}

  /** M of the largest block-diagonal structure of {@code parameters}, or 1 when there is none. */
  static int members(NetworkSpec spec, ParameterLayout layout, float[] parameters) {
    int common = 0;
    for (int l = 0; l < spec.layers(); l++) {
      common = gcd(common, spec.hiddenSize(l));
    }
    // Largest first: an M-block structure is also an M'-block one for every M' dividing M, and the
    // finer the blocks, the fewer zeros a step multiplies.
    for (int members = common; members > 1; members--) {
      if (common % members == 0 && isBlockDiagonal(spec, layout, parameters, members)) {
        return members;
      }
    }
    return 1;
  }

  private static boolean isBlockDiagonal(
      NetworkSpec spec, ParameterLayout layout, float[] parameters, int members) {
    for (int l = 0; l < spec.layers(); l++) {
      int memberUnits = spec.hiddenSize(l) / members;
      if (!blockRows(
          spec,
          layout,
          parameters,
          l,
          layout.recurrentKernelOffset(l),
          spec.hiddenSize(l),
          memberUnits,
          memberUnits)) {
        return false;
      }
      if (l > 0
          && !blockRows(
              spec,
              layout,
              parameters,
              l,
              layout.kernelOffset(l),
              spec.hiddenSize(l - 1),
              spec.hiddenSize(l - 1) / members,
              memberUnits)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether row r of the {@code rows} × gate-width matrix at {@code offset} is zero outside the
   * columns of member r / rowsPerMember in every gate block.
   */
  private static boolean blockRows(
      NetworkSpec spec,
      ParameterLayout layout,
      float[] parameters,
      int l,
      int offset,
      int rows,
      int rowsPerMember,
      int memberUnits) {
    int units = spec.hiddenSize(l);
    int width = layout.gateWidth(l);
    for (int r = 0; r < rows; r++) {
      int ownStart = (r / rowsPerMember) * memberUnits;
      int ownEnd = ownStart + memberUnits;
      for (int column = 0; column < width; column++) {
        int unit = column % units;
        boolean own = unit >= ownStart && unit < ownEnd;
        if (!own && parameters[offset + r * width + column] != 0f) {
          return false;
        }
      }
    }
    return true;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
