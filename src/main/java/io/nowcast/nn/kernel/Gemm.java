package io.nowcast.nn.kernel;

import java.util.Arrays;

/**
 * Single-precision matrix products on row-major matrices with leading dimensions. This is the
 * plain reference version (triple loops); the tuned kernel replaces it with the same signatures.
 */
public final class Gemm {
  private Gemm() {}

  /** C[m×n] = (accumulate ? C : 0) + A[m×k]·B[k×n]. */
  public static void nn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int row = cOff + i * ldc;
      if (!accumulate) {
        Arrays.fill(c, row, row + n, 0f);
      }
      for (int p = 0; p < k; p++) {
        float aip = a[aOff + i * lda + p];
        int bRow = bOff + p * ldb;
        for (int j = 0; j < n; j++) {
          c[row + j] = Math.fma(aip, b[bRow + j], c[row + j]);
        }
      }
    }
  }

  /** C[m×n] (+)= Aᵀ·B where A is stored k×m. */
  public static void tn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc, boolean accumulate) {
    if (!accumulate) {
      for (int i = 0; i < m; i++) {
        Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
      }
    }
    for (int p = 0; p < k; p++) {
      int bRow = bOff + p * ldb;
      for (int i = 0; i < m; i++) {
        float api = a[aOff + p * lda + i];
        int row = cOff + i * ldc;
        for (int j = 0; j < n; j++) {
          c[row + j] = Math.fma(api, b[bRow + j], c[row + j]);
        }
      }
    }
  }

  /** C[m×n] (+)= A·Bᵀ where B is stored n×k. */
  public static void nt(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int aRow = aOff + i * lda;
      for (int j = 0; j < n; j++) {
        int bRow = bOff + j * ldb;
        float sum = 0f;
        for (int p = 0; p < k; p++) {
          sum = Math.fma(a[aRow + p], b[bRow + p], sum);
        }
        int index = cOff + i * ldc + j;
        c[index] = accumulate ? c[index] + sum : sum;
      }
    }
  }
}
