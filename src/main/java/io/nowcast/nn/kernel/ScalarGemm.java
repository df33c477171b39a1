package io.nowcast.nn.kernel;

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
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    multiply(m, n, k, a, aOff, lda, 1, b, bOff, ldb, 1, c, cOff, ldc, accumulate);
  }

  /** C (+)= Aᵀ·B, A stored k×m, B stored k×n. */
  static void tn(
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    multiply(m, n, k, a, aOff, 1, lda, b, bOff, ldb, 1, c, cOff, ldc, accumulate);
  }

  /** C (+)= A·Bᵀ, A stored m×k, B stored n×k: B's element (p, j) of Bᵀ is at j·ldb + p. */
  static void nt(
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    multiply(m, n, k, a, aOff, lda, 1, b, bOff, 1, ldb, c, cOff, ldc, accumulate);
  }

  /**
   * C (+)= A·B where A's element (i, p) lives at {@code aOff + i·ars + p·acs} and B's element (p,
   * j) at {@code bOff + p·brs + j·bcs}, so one loop serves A, Aᵀ, B and Bᵀ. Four columns of a row
   * are computed together: four independent FMA chains keep the FPU busy where one chain would wait
   * out each FMA's latency, and each chain still runs p in ascending order.
   */
  private static void multiply(
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      int ars,
      int acs,
      float[] b,
      int bOff,
      int brs,
      int bcs,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int aRow = aOff + i * ars;
      int cRow = cOff + i * ldc;
      int j = 0;
      for (; j + 4 <= n; j += 4) {
        fourColumns(k, a, aRow, acs, b, bOff + j * bcs, brs, bcs, c, cRow + j, accumulate);
      }
      for (; j < n; j++) {
        float sum = accumulate ? c[cRow + j] : 0f;
        int ai = aRow;
        int bi = bOff + j * bcs;
        for (int p = 0; p < k; p++) {
          sum = Math.fma(a[ai], b[bi], sum);
          ai += acs;
          bi += brs;
        }
        c[cRow + j] = sum;
      }
    }
  }

  private static void fourColumns(
      int k,
      float[] a,
      int aIdx,
      int acs,
      float[] b,
      int bIdx,
      int brs,
      int bcs,
      float[] c,
      int cIdx,
      boolean accumulate) {
    float s0 = accumulate ? c[cIdx] : 0f;
    float s1 = accumulate ? c[cIdx + 1] : 0f;
    float s2 = accumulate ? c[cIdx + 2] : 0f;
    float s3 = accumulate ? c[cIdx + 3] : 0f;
    int ai = aIdx;
    int bi = bIdx;
    for (int p = 0; p < k; p++) {
      float x = a[ai];
      s0 = Math.fma(x, b[bi], s0);
      s1 = Math.fma(x, b[bi + bcs], s1);
      s2 = Math.fma(x, b[bi + 2 * bcs], s2);
      s3 = Math.fma(x, b[bi + 3 * bcs], s3);
      ai += acs;
      bi += brs;
    }
    c[cIdx] = s0;
    c[cIdx + 1] = s1;
    c[cIdx + 2] = s2;
    c[cIdx + 3] = s3;
  }
}
