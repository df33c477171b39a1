package io.nowcast.nn.kernel;

/**
 * Per-thread scratch arrays of the vector GEMM. Each grows to the largest size requested and is
 * then reused, so steady-state calls allocate nothing. Contents are undefined between calls.
 */
final class Scratch {
  private float[] transposed = new float[0];
  private float[] tailB = new float[0];
  private float[] tailC = new float[0];
  private int[] rowOffsets = new int[0];

  /** A buffer of at least {@code size} floats for a transposed operand. */
  float[] transposed(int size) {
    if (transposed.length < size) {
      transposed = new float[size];
    }
    return transposed;
  }

  /** A buffer of at least {@code size} floats for the padded B columns of a narrow tail. */
  float[] tailB(int size) {
    if (tailB.length < size) {
      tailB = new float[size];
    }
    return tailB;
  }

  /** A buffer of at least {@code size} floats for the padded C columns of a narrow tail. */
  float[] tailC(int size) {
    if (tailC.length < size) {
      tailC = new float[size];
    }
    return tailC;
  }

  /** An index map of at least {@code size} ints for gathered loads. */
  int[] rowOffsets(int size) {
    if (rowOffsets.length < size) {
      rowOffsets = new int[size];
    }
    return rowOffsets;
  }
}
