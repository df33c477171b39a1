package io.nowcast.nn.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM on the Vector API with register blocking.
 *
 * <p>The micro-kernel keeps a block of {@value #ROWS} rows × {@value #VECTORS} vectors of C in
 * registers (16 accumulators: half of AVX-512's register file) and, for each p, broadcasts one A
 * element per row and multiplies it into {@value #VECTORS} contiguous vectors of B's row p with
 * FMA. There is no reduction across lanes: every lane performs {@code c = fma(a_p, b_p, c)} for
 * ascending p, exactly like {@link ScalarGemm}, so both paths give the same bits. Rows left over
 * after the 4-row blocks go through a one-row kernel; the last columns narrower than a vector are
 * copied into zero-padded one-vector-wide scratch matrices and go through the same kernels.
 *
 * <p>{@code nn} and {@code tn} share the kernel through A strides (Aᵀ just swaps them: four
 * consecutive A elements per p, the same cost). {@code nt} first copies Bᵀ into a thread-local
 * buffer (k×n floats) so that B's rows are contiguous again. Scratch arrays grow on demand and are
 * then reused, so a thread allocates no buffers once it has seen its largest shapes.
 */
final class VectorGemm {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /** Rows of C per micro-kernel block. */
  private static final int ROWS = 4;

  /** Vectors of C per micro-kernel row. */
  private static final int VECTORS = 4;

  private static final int PANEL = VECTORS * LANES;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private VectorGemm() {}

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
    multiply(m, n, k, a, aOff, lda, 1, b, bOff, ldb, false, c, cOff, ldc, accumulate);
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
    multiply(m, n, k, a, aOff, 1, lda, b, bOff, ldb, false, c, cOff, ldc, accumulate);
  }

  /**
   * C (+)= A·Bᵀ, A stored m×k, B stored n×k. Bᵀ is packed k×n into a reused buffer first, its rows
   * zero-padded to whole vectors so that a narrow tail of columns needs no second copy.
   */
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
    Scratch scratch = SCRATCH.get();
    int paddedWidth = (n + LANES - 1) / LANES * LANES;
    float[] bt = scratch.transposed(k * paddedWidth);
    transpose(n, k, b, bOff, ldb, bt, paddedWidth, scratch.rowOffsets(LANES));
    multiply(m, n, k, a, aOff, lda, 1, bt, 0, paddedWidth, true, c, cOff, ldc, accumulate);
  }

  /**
   * Writes the rows×cols matrix {@code src} (leading dimension ld) as cols×rows into dst with
   * leading dimension {@code dstWidth ≥ rows}, zeroing the columns from rows to dstWidth. Blocks of
   * LANES rows move as one gathered vector per column, stored as a contiguous piece of a
   * destination row; leftover rows are copied one float at a time. This copy is the only overhead
   * {@code nt} has over {@code nn}.
   */
  private static void transpose(
      int rows,
      int cols,
      float[] src,
      int off,
      int ld,
      float[] dst,
      int dstWidth,
      int[] rowOffsets) {
    for (int lane = 0; lane < LANES; lane++) {
      rowOffsets[lane] = lane * ld;
    }
    int r = 0;
    for (; r + LANES <= rows; r += LANES) {
      int s = off + r * ld;
      for (int q = 0, d = r; q < cols; q++, d += dstWidth) {
        FloatVector.fromArray(SPECIES, src, s + q, rowOffsets, 0).intoArray(dst, d);
      }
    }
    for (; r < rows; r++) {
      int s = off + r * ld;
      for (int q = 0, d = r; q < cols; q++, d += dstWidth) {
        dst[d] = src[s + q];
      }
    }
    if (dstWidth > rows) {
      for (int q = 0, d = 0; q < cols; q++, d += dstWidth) {
        Arrays.fill(dst, d + rows, d + dstWidth, 0f);
      }
    }
  }

  /**
   * The blocked product. A's element (i, p) is at {@code aOff + i·ars + p·acs}. When {@code
   * bPadded}, every row of B can be read a whole vector past column n and holds zeros there, so the
   * narrow tail reads B in place.
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
      int ldb,
      boolean bPadded,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    int j = 0;
    for (; j + PANEL <= n; j += PANEL) {
      int i = 0;
      for (; i + ROWS <= m; i += ROWS) {
        block4x4(
            k,
            a,
            aOff + i * ars,
            ars,
            acs,
            b,
            bOff + j,
            ldb,
            c,
            cOff + i * ldc + j,
            ldc,
            accumulate);
      }
      for (; i < m; i++) {
        block1x4(k, a, aOff + i * ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j, accumulate);
      }
    }
    for (; j + LANES <= n; j += LANES) {
      singleVectorStrip(m, k, a, aOff, ars, acs, b, bOff + j, ldb, c, cOff + j, ldc, accumulate);
    }
    if (j < n) {
      paddedTail(
          m, j, n - j, k, a, aOff, ars, acs, b, bOff, ldb, bPadded, c, cOff, ldc, accumulate);
    }
  }

  /**
   * One vector's width of C columns: eight rows at a time (eight independent FMA chains hide the
   * FMA latency that four would expose), then four, then single rows.
   */
  private static void singleVectorStrip(
      int m,
      int k,
      float[] a,
      int aOff,
      int ars,
      int acs,
      float[] b,
      int bIdx,
      int ldb,
      float[] c,
      int cIdx,
      int ldc,
      boolean accumulate) {
    int i = 0;
    for (; i + 2 * ROWS <= m; i += 2 * ROWS) {
      block8x1(k, a, aOff + i * ars, ars, acs, b, bIdx, ldb, c, cIdx + i * ldc, ldc, accumulate);
    }
    for (; i + ROWS <= m; i += ROWS) {
      block4x1(k, a, aOff + i * ars, ars, acs, b, bIdx, ldb, c, cIdx + i * ldc, ldc, accumulate);
    }
    for (; i < m; i++) {
      block1x1(k, a, aOff + i * ars, acs, b, bIdx, ldb, c, cIdx + i * ldc, accumulate);
    }
  }

  /**
   * The last {@code width < LANES} columns starting at column {@code j}: copied into zero-padded
   * scratch matrices one vector wide (B only unless it is already padded), multiplied with the
   * full-vector kernels and copied back. Lanes are independent, so the padding never touches the
   * real columns' bits. (Masked loads would avoid the copies but are not intrinsified on JDK 17 and
   * ran ~50× slower.)
   */
  private static void paddedTail(
      int m,
      int j,
      int width,
      int k,
      float[] a,
      int aOff,
      int ars,
      int acs,
      float[] b,
      int bOff,
      int ldb,
      boolean bPadded,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    Scratch scratch = SCRATCH.get();
    float[] tailB = b;
    int tailBOff = bOff + j;
    int tailLdb = ldb;
    if (!bPadded) {
      tailB = scratch.tailB(k * LANES);
      tailBOff = 0;
      tailLdb = LANES;
      copyPadded(k, width, b, bOff + j, ldb, tailB);
    }
    float[] tailC = scratch.tailC(m * LANES);
    if (accumulate) {
      copyPadded(m, width, c, cOff + j, ldc, tailC);
    } else {
      Arrays.fill(tailC, 0, m * LANES, 0f);
    }
    singleVectorStrip(m, k, a, aOff, ars, acs, tailB, tailBOff, tailLdb, tailC, 0, LANES, true);
    for (int i = 0; i < m; i++) {
      System.arraycopy(tailC, i * LANES, c, cOff + i * ldc + j, width);
    }
  }

  /** Copies rows×width floats (leading dimension ld) into dst with rows LANES wide, zero-padded. */
  private static void copyPadded(int rows, int width, float[] src, int off, int ld, float[] dst) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(src, off + r * ld, dst, r * LANES, width);
      Arrays.fill(dst, r * LANES + width, (r + 1) * LANES, 0f);
    }
  }

  private static FloatVector start(float[] c, int index, boolean accumulate) {
    return accumulate ? FloatVector.fromArray(SPECIES, c, index) : FloatVector.zero(SPECIES);
  }

  private static void block4x4(
      int k,
      float[] a,
      int aIdx,
      int ars,
      int acs,
      float[] b,
      int bIdx,
      int ldb,
      float[] c,
      int cIdx,
      int ldc,
      boolean accumulate) {
    int c0 = cIdx;
    int c1 = cIdx + ldc;
    int c2 = cIdx + 2 * ldc;
    int c3 = cIdx + 3 * ldc;
    FloatVector r00 = start(c, c0, accumulate);
    FloatVector r01 = start(c, c0 + LANES, accumulate);
    FloatVector r02 = start(c, c0 + 2 * LANES, accumulate);
    FloatVector r03 = start(c, c0 + 3 * LANES, accumulate);
    FloatVector r10 = start(c, c1, accumulate);
    FloatVector r11 = start(c, c1 + LANES, accumulate);
    FloatVector r12 = start(c, c1 + 2 * LANES, accumulate);
    FloatVector r13 = start(c, c1 + 3 * LANES, accumulate);
    FloatVector r20 = start(c, c2, accumulate);
    FloatVector r21 = start(c, c2 + LANES, accumulate);
    FloatVector r22 = start(c, c2 + 2 * LANES, accumulate);
    FloatVector r23 = start(c, c2 + 3 * LANES, accumulate);
    FloatVector r30 = start(c, c3, accumulate);
    FloatVector r31 = start(c, c3 + LANES, accumulate);
    FloatVector r32 = start(c, c3 + 2 * LANES, accumulate);
    FloatVector r33 = start(c, c3 + 3 * LANES, accumulate);
    int ai = aIdx;
    int bi = bIdx;
    for (int p = 0; p < k; p++) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
      FloatVector b2 = FloatVector.fromArray(SPECIES, b, bi + 2 * LANES);
      FloatVector b3 = FloatVector.fromArray(SPECIES, b, bi + 3 * LANES);
      FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
      r00 = x.fma(b0, r00);
      r01 = x.fma(b1, r01);
      r02 = x.fma(b2, r02);
      r03 = x.fma(b3, r03);
      x = FloatVector.broadcast(SPECIES, a[ai + ars]);
      r10 = x.fma(b0, r10);
      r11 = x.fma(b1, r11);
      r12 = x.fma(b2, r12);
      r13 = x.fma(b3, r13);
      x = FloatVector.broadcast(SPECIES, a[ai + 2 * ars]);
      r20 = x.fma(b0, r20);
      r21 = x.fma(b1, r21);
      r22 = x.fma(b2, r22);
      r23 = x.fma(b3, r23);
      x = FloatVector.broadcast(SPECIES, a[ai + 3 * ars]);
      r30 = x.fma(b0, r30);
      r31 = x.fma(b1, r31);
      r32 = x.fma(b2, r32);
      r33 = x.fma(b3, r33);
      ai += acs;
      bi += ldb;
    }
    r00.intoArray(c, c0);
    r01.intoArray(c, c0 + LANES);
    r02.intoArray(c, c0 + 2 * LANES);
    r03.intoArray(c, c0 + 3 * LANES);
    r10.intoArray(c, c1);
    r11.intoArray(c, c1 + LANES);
    r12.intoArray(c, c1 + 2 * LANES);
    r13.intoArray(c, c1 + 3 * LANES);
    r20.intoArray(c, c2);
    r21.intoArray(c, c2 + LANES);
    r22.intoArray(c, c2 + 2 * LANES);
    r23.intoArray(c, c2 + 3 * LANES);
    r30.intoArray(c, c3);
    r31.intoArray(c, c3 + LANES);
    r32.intoArray(c, c3 + 2 * LANES);
    r33.intoArray(c, c3 + 3 * LANES);
  }

  private static void block1x4(
      int k,
      float[] a,
      int aIdx,
      int acs,
      float[] b,
      int bIdx,
      int ldb,
      float[] c,
      int cIdx,
      boolean accumulate) {
    FloatVector r0 = start(c, cIdx, accumulate);
    FloatVector r1 = start(c, cIdx + LANES, accumulate);
    FloatVector r2 = start(c, cIdx + 2 * LANES, accumulate);
    FloatVector r3 = start(c, cIdx + 3 * LANES, accumulate);
    int ai = aIdx;
    int bi = bIdx;
    for (int p = 0; p < k; p++) {
      FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
      r0 = x.fma(FloatVector.fromArray(SPECIES, b, bi), r0);
      r1 = x.fma(FloatVector.fromArray(SPECIES, b, bi + LANES), r1);
      r2 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 2 * LANES), r2);
      r3 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 3 * LANES), r3);
      ai += acs;
      bi += ldb;
    }
    r0.intoArray(c, cIdx);
    r1.intoArray(c, cIdx + LANES);
    r2.intoArray(c, cIdx + 2 * LANES);
    r3.intoArray(c, cIdx + 3 * LANES);
  }

  private static void block4x1(
      int k,
      float[] a,
      int aIdx,
      int ars,
      int acs,
      float[] b,
      int bIdx,
      int ldb,
      float[] c,
      int cIdx,
      int ldc,
      boolean accumulate) {
    FloatVector r0 = start(c, cIdx, accumulate);
    FloatVector r1 = start(c, cIdx + ldc, accumulate);
    FloatVector r2 = start(c, cIdx + 2 * ldc, accumulate);
    FloatVector r3 = start(c, cIdx + 3 * ldc, accumulate);
    int ai = aIdx;
    int bi = bIdx;
    for (int p = 0; p < k; p++) {
      FloatVector bv = FloatVector.fromArray(SPECIES, b, bi);
      r0 = FloatVector.broadcast(SPECIES, a[ai]).fma(bv, r0);
      r1 = FloatVector.broadcast(SPECIES, a[ai + ars]).fma(bv, r1);
      r2 = FloatVector.broadcast(SPECIES, a[ai + 2 * ars]).fma(bv, r2);
      r3 = FloatVector.broadcast(SPECIES, a[ai + 3 * ars]).fma(bv, r3);
      ai += acs;
      bi += ldb;
    }
    r0.intoArray(c, cIdx);
    r1.intoArray(c, cIdx + ldc);
    r2.intoArray(c, cIdx + 2 * ldc);
    r3.intoArray(c, cIdx + 3 * ldc);
  }

  private static void block8x1(
      int k,
      float[] a,
      int aIdx,
      int ars,
      int acs,
      float[] b,
      int bIdx,
      int ldb,
      float[] c,
      int cIdx,
      int ldc,
      boolean accumulate) {
    FloatVector r0 = start(c, cIdx, accumulate);
    FloatVector r1 = start(c, cIdx + ldc, accumulate);
    FloatVector r2 = start(c, cIdx + 2 * ldc, accumulate);
    FloatVector r3 = start(c, cIdx + 3 * ldc, accumulate);
    FloatVector r4 = start(c, cIdx + 4 * ldc, accumulate);
    FloatVector r5 = start(c, cIdx + 5 * ldc, accumulate);
    FloatVector r6 = start(c, cIdx + 6 * ldc, accumulate);
    FloatVector r7 = start(c, cIdx + 7 * ldc, accumulate);
    int ai = aIdx;
    int bi = bIdx;
    for (int p = 0; p < k; p++) {
      FloatVector bv = FloatVector.fromArray(SPECIES, b, bi);
      r0 = FloatVector.broadcast(SPECIES, a[ai]).fma(bv, r0);
      r1 = FloatVector.broadcast(SPECIES, a[ai + ars]).fma(bv, r1);
      r2 = FloatVector.broadcast(SPECIES, a[ai + 2 * ars]).fma(bv, r2);
      r3 = FloatVector.broadcast(SPECIES, a[ai + 3 * ars]).fma(bv, r3);
      r4 = FloatVector.broadcast(SPECIES, a[ai + 4 * ars]).fma(bv, r4);
      r5 = FloatVector.broadcast(SPECIES, a[ai + 5 * ars]).fma(bv, r5);
      r6 = FloatVector.broadcast(SPECIES, a[ai + 6 * ars]).fma(bv, r6);
      r7 = FloatVector.broadcast(SPECIES, a[ai + 7 * ars]).fma(bv, r7);
      ai += acs;
      bi += ldb;
    }
    r0.intoArray(c, cIdx);
    r1.intoArray(c, cIdx + ldc);
    r2.intoArray(c, cIdx + 2 * ldc);
    r3.intoArray(c, cIdx + 3 * ldc);
    r4.intoArray(c, cIdx + 4 * ldc);
    r5.intoArray(c, cIdx + 5 * ldc);
    r6.intoArray(c, cIdx + 6 * ldc);
    r7.intoArray(c, cIdx + 7 * ldc);
  }

  private static void block1x1(
      int k,
      float[] a,
      int aIdx,
      int acs,
      float[] b,
      int bIdx,
      int ldb,
      float[] c,
      int cIdx,
      boolean accumulate) {
    FloatVector r = start(c, cIdx, accumulate);
    int ai = aIdx;
    int bi = bIdx;
    for (int p = 0; p < k; p++) {
      r = FloatVector.broadcast(SPECIES, a[ai]).fma(FloatVector.fromArray(SPECIES, b, bi), r);
      ai += acs;
      bi += ldb;
    }
    r.intoArray(c, cIdx);
  }
}
