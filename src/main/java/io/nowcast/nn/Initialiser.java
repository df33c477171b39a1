package io.nowcast.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Deterministic parameter initialisation (Keras defaults): Glorot-uniform kernels and head,
 * orthogonal recurrent kernels, zero biases except LSTM forget-gate biases of 1. One {@link
 * SplittableRandom} drawn in layout order, and Gaussians via {@link StrictMath}, so a seed always
 * gives the same bits.
 */
final class Initialiser {
  private Initialiser() {}

  static float[] parameters(NetworkSpec spec, long seed) {
    ParameterLayout layout = ParameterLayout.of(spec);
    float[] parameters = new float[layout.size()];
    SplittableRandom random = new SplittableRandom(seed);
    for (int l = 0; l < spec.layers(); l++) {
      int width = layout.gateWidth(l);
      glorotUniform(random, parameters, layout.kernelOffset(l), spec.layerInputSize(l), width);
      orthogonalRows(
          random, parameters, layout.recurrentKernelOffset(l), spec.hiddenSize(l), width);
      if (spec.cell() == CellType.LSTM) {
        int units = spec.hiddenSize(l);
        int forgetBlock = layout.biasOffset(l) + units;
        Arrays.fill(parameters, forgetBlock, forgetBlock + units, 1f);
      }
    }
    glorotUniform(
        random, parameters, layout.headKernelOffset(), spec.lastHiddenSize(), spec.outputSize());
    return parameters;
  }

  /** Uniform in ±sqrt(6 / (fanIn + fanOut)) over a fanIn × fanOut block. */
  private static void glorotUniform(
      SplittableRandom random, float[] target, int offset, int fanIn, int fanOut) {
    double limit = StrictMath.sqrt(6.0 / (fanIn + fanOut));
    for (int i = 0; i < fanIn * fanOut; i++) {
      target[offset + i] = (float) ((2 * random.nextDouble() - 1) * limit);
    }
  }

  /**
   * A rows × cols matrix (rows ≤ cols) with orthonormal rows: Gaussian rows orthonormalised by
   * modified Gram–Schmidt in double. Keras' Orthogonal does the same through a QR decomposition.
   */
  private static void orthogonalRows(
      SplittableRandom random, float[] target, int offset, int rows, int cols) {
    double[][] matrix = new double[rows][cols];
    for (double[] row : matrix) {
      for (int j = 0; j < cols; j++) {
        row[j] = gaussian(random);
      }
    }
    for (int i = 0; i < rows; i++) {
      for (int previous = 0; previous < i; previous++) {
        double projection = dot(matrix[i], matrix[previous]);
        for (int j = 0; j < cols; j++) {
          matrix[i][j] -= projection * matrix[previous][j];
        }
      }
      double norm = StrictMath.sqrt(dot(matrix[i], matrix[i]));
      for (int j = 0; j < cols; j++) {
        matrix[i][j] /= norm;
        target[offset + i * cols + j] = (float) matrix[i][j];
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      sum += a[j] * b[j];
    }
    return sum;
  }

  /** Box–Muller with StrictMath so the draw is platform-independent. */
  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble(); // in (0, 1]: log stays finite
    double v = random.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * StrictMath.PI * v);
  }
}
