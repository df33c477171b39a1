package io.nowcast.nn.kernel;

/**
 * Single-precision matrix products on row-major arrays with offsets and leading dimensions: the
 * three shapes batched recurrent training needs (forward {@code X·W}, weight gradient {@code
 * Xᵀ·dZ}, input gradient {@code dZ·Wᵀ}).
 *
 * <p>Every call checks its arguments, then runs the Vector API kernel when {@link
 * VectorSupport#enabled()} and the scalar kernel otherwise; both compute each element of C as an
 * FMA chain over p = 0..k-1 in ascending order, so they agree bit for bit and results are the same
 * run to run. No threads are used. {@code nt} reuses a thread-local buffer and allocates only when
 * a call needs a larger one than the thread has seen.
 *
 * <p>C must not overlap A or B.
 */
public final class Gemm {

  private static final boolean VECTOR = VectorSupport.enabled();

  private Gemm() {}

  /**
   * C[m×n] = (accumulate ? C : 0) + A[m×k]·B[k×n]; row-major with leading dimensions (lda ≥ k, ldb
   * ≥ n, ldc ≥ n).
   *
   * @throws IllegalArgumentException when a size is negative, a leading dimension is too small or
   *     an array is too short for the matrix it holds
   */
  public static void nn(
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
    checkSizes("nn", m, n, k);
    checkMatrix("nn", "A", m, k, a, aOff, lda);
    checkMatrix("nn", "B", k, n, b, bOff, ldb);
    checkMatrix("nn", "C", m, n, c, cOff, ldc);
    if (VECTOR) {
      VectorGemm.nn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    } else {
      ScalarGemm.nn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  /**
   * C[m×n] (+)= Aᵀ·B where A is stored k×m (lda ≥ m) and B is stored k×n (ldb ≥ n).
   *
   * @throws IllegalArgumentException as for {@link #nn}
   */
  public static void tn(
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
    checkSizes("tn", m, n, k);
    checkMatrix("tn", "A", k, m, a, aOff, lda);
    checkMatrix("tn", "B", k, n, b, bOff, ldb);
    checkMatrix("tn", "C", m, n, c, cOff, ldc);
    if (VECTOR) {
      VectorGemm.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    } else {
      ScalarGemm.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  /**
   * C[m×n] (+)= A·Bᵀ where A is stored m×k (lda ≥ k) and B is stored n×k (ldb ≥ k).
   *
   * @throws IllegalArgumentException as for {@link #nn}
   */
  public static void nt(
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
    checkSizes("nt", m, n, k);
    checkMatrix("nt", "A", m, k, a, aOff, lda);
    checkMatrix("nt", "B", n, k, b, bOff, ldb);
    checkMatrix("nt", "C", m, n, c, cOff, ldc);
    if (VECTOR) {
      VectorGemm.nt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    } else {
      ScalarGemm.nt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  private static void checkSizes(String op, int m, int n, int k) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(
          String.format("Gemm.%s: sizes must be >= 0, got m=%d n=%d k=%d", op, m, n, k));
    }
  }

  /**
   * Checks that {@code array} holds a rows×cols matrix at {@code off} with leading dimension ld.
   */
  private static void checkMatrix(
      String op, String name, int rows, int cols, float[] array, int off, int ld) {
    if (array == null) {
      throw new IllegalArgumentException(String.format("Gemm.%s: %s is null", op, name));
    }
    if (ld < cols) {
      throw new IllegalArgumentException(
          String.format(
              "Gemm.%s: leading dimension of %s must be >= %d (its %d columns), got %d",
              op, name, cols, cols, ld));
    }
    if (off < 0) {
      throw new IllegalArgumentException(
          String.format("Gemm.%s: offset of %s must be >= 0, got %d", op, name, off));
    }
    if (rows == 0 || cols == 0) {
      return;
    }
    long last = off + (long) (rows - 1) * ld + cols - 1;
    if (last >= array.length) {
      throw new IllegalArgumentException(
          String.format(
              "Gemm.%s: %s is %d×%d at offset %d with leading dimension %d, so it needs an array"
                  + " of at least %d floats, got %d",
              op, name, rows, cols, off, ld, last + 1, array.length));
    }
  }
}
