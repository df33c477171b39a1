package io.nowcast.nn.kernel;

import java.util.Arrays;

/**
 * The plain-Java GEMM used when the Vector API is unavailable, and the reference the vector path
 * must match bit for bit.
 *
 * <p>Every element of C is computed as {@code c = fma(a_p, b_p, c)} for {@code p = 0 .. k-1} in
 * ascending order, starting from the old C (accumulate) or zero: exactly the per-lane sequence of
 * {@link VectorGemm}. Arguments are not checked here; {@link Gemm} checks them.
 */
final class ScalarGemm {

  private ScalarGemm() {}

  /** C (+)= A·B, A stored m×k, B stored k×n. */
  static void nn(
      int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    multiply(m, n, k, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  /** C (+)= Aᵀ·B, A stored k×m, B stored k×n. */
  static void tn(
      int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    multiply(m, n, k, a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  /** C (+)= A·Bᵀ, A stored m×k, B stored n×k: a dot product per element, A and B rows contiguous. */
  static void nt(
      int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int aRow = aOff + i * lda;
      int cRow = cOff + i * ldc;
      for (int j = 0; j < n; j++) {
        int bRow = bOff + j * ldb;
        float sum = accumulate ? c[cRow + j] : 0f;
        for (int p = 0; p < k; p++) {
          sum = Math.fma(a[aRow + p], b[bRow + p], sum);
        }
        c[cRow + j] = sum;
      }
    }
  }

  /**
   * C (+)= A·B where A's element (i, p) lives at {@code aOff + i·aRowStride + p·aColStride}, so one
   * loop serves both A and Aᵀ. Rows of C are updated one p at a time, which keeps B's rows streaming
   * and leaves each element's summation order unchanged.
   */
  private static void multiply(
      int m, int n, int k, float[] a, int aOff, int aRowStride, int aColStride,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int cRow = cOff + i * ldc;
      if (!accumulate) {
        Arrays.fill(c, cRow, cRow + n, 0f);
      }
      int aIndex = aOff + i * aRowStride;
      int bRow = bOff;
      for (int p = 0; p < k; p++) {
        float aip = a[aIndex];
        for (int j = 0; j < n; j++) {
          c[cRow + j] = Math.fma(aip, b[bRow + j], c[cRow + j]);
        }
        aIndex += aColStride;
        bRow += ldb;
      }
    }
  }
}
