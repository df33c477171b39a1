package io.nowcast.nn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Both GEMM paths against a double-precision reference on random and edge shapes, with offsets,
 * padded leading dimensions and accumulate on and off; plus bit-identity of the two paths.
 */
class GemmTest {

  private static final int[] EDGE_SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65};

  /** The three operations with the storage shapes of A and B. */
  enum Op {
    NN,
    TN,
    NT;

    int aRows(Case t) {
      return this == TN ? t.k : t.m;
    }

    int aCols(Case t) {
      return this == TN ? t.m : t.k;
    }

    int bRows(Case t) {
      return this == NT ? t.n : t.k;
    }

    int bCols(Case t) {
      return this == NT ? t.k : t.n;
    }

    double a(Case t, int i, int p) {
      return this == TN ? t.a[t.aOff + p * t.lda + i] : t.a[t.aOff + i * t.lda + p];
    }

    double b(Case t, int p, int j) {
      return this == NT ? t.b[t.bOff + j * t.ldb + p] : t.b[t.bOff + p * t.ldb + j];
    }
  }

  /** Which implementation runs a case. */
  enum Path {
    SCALAR,
    VECTOR,
    DISPATCH
  }

  /** One randomised problem: operands with random offsets and padding, and C's initial content. */
  static final class Case {
    final Op op;
    final int m;
    final int n;
    final int k;
    final boolean accumulate;
    final int aOff;
    final int lda;
    final int bOff;
    final int ldb;
    final int cOff;
    final int ldc;
    final float[] a;
    final float[] b;
    final float[] c0;

    Case(Op op, int m, int n, int k, boolean accumulate, SplittableRandom random) {
      this.op = op;
      this.m = m;
      this.n = n;
      this.k = k;
      this.accumulate = accumulate;
      aOff = random.nextInt(4);
      lda = op.aCols(this) + random.nextInt(3);
      bOff = random.nextInt(4);
      ldb = op.bCols(this) + random.nextInt(3);
      cOff = random.nextInt(4);
      ldc = n + random.nextInt(3);
      a = randomArray(random, aOff + op.aRows(this) * lda + random.nextInt(3));
      b = randomArray(random, bOff + op.bRows(this) * ldb + random.nextInt(3));
      c0 = randomArray(random, cOff + m * ldc + random.nextInt(3));
    }

    float[] run(Path path) {
      float[] c = c0.clone();
      switch (path) {
        case SCALAR:
          runScalar(c);
          break;
        case VECTOR:
          runVector(c);
          break;
        default:
          runDispatch(c);
      }
      return c;
    }

    private void runScalar(float[] c) {
      if (op == Op.NN) {
        ScalarGemm.nn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      } else if (op == Op.TN) {
        ScalarGemm.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      } else {
        ScalarGemm.nt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      }
    }

    private void runVector(float[] c) {
      if (op == Op.NN) {
        VectorGemm.nn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      } else if (op == Op.TN) {
        VectorGemm.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      } else {
        VectorGemm.nt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      }
    }

    private void runDispatch(float[] c) {
      if (op == Op.NN) {
        Gemm.nn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      } else if (op == Op.TN) {
        Gemm.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      } else {
        Gemm.nt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      }
    }

    /** Checks every element of C against the double reference and that nothing else changed. */
    void assertMatchesReference(float[] c, Path path) {
      boolean[] inside = new boolean[c.length];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          int index = cOff + i * ldc + j;
          inside[index] = true;
          double start = accumulate ? c0[index] : 0;
          double exact = start;
          double magnitude = Math.abs(start);
          for (int p = 0; p < k; p++) {
            double product = op.a(this, i, p) * op.b(this, p, j);
            exact += product;
            magnitude += Math.abs(product);
          }
          double tolerance = 1e-5 * Math.max(1, k) * magnitude + 1e-30;
          int row = i;
          int column = j;
          assertEquals(
              exact,
              c[index],
              tolerance,
              () -> this + " " + path + ": C(" + row + ", " + column + ")");
        }
      }
      for (int index = 0; index < c.length; index++) {
        if (!inside[index]) {
          assertEquals(c0[index], c[index], this + " " + path + ": wrote outside C at " + index);
        }
      }
    }

    @Override
    public String toString() {
      return String.format(
          "%s m=%d n=%d k=%d acc=%b aOff=%d lda=%d bOff=%d ldb=%d cOff=%d ldc=%d",
          op, m, n, k, accumulate, aOff, lda, bOff, ldb, cOff, ldc);
    }
  }

  private static float[] randomArray(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble(-2, 2);
    }
    return values;
  }

  private static List<Case> cases() {
    SplittableRandom random = new SplittableRandom(20261126);
    List<Case> cases = new ArrayList<>();
    for (Op op : Op.values()) {
      for (int round = 0; round < 150; round++) {
        int m = EDGE_SIZES[random.nextInt(EDGE_SIZES.length)];
        int n =
            round % 3 == 0 ? random.nextInt(1, 300) : EDGE_SIZES[random.nextInt(EDGE_SIZES.length)];
        int k = EDGE_SIZES[random.nextInt(EDGE_SIZES.length)];
        cases.add(new Case(op, m, n, k, random.nextBoolean(), random));
      }
      // The training shapes themselves.
      cases.add(new Case(op, 64, 256, 64, false, random));
      cases.add(new Case(op, 32, 200, 64, true, random));
      cases.add(new Case(op, 33, 257, 17, true, random));
    }
    return cases;
  }

  @Test
  void scalarPathMatchesDoublePrecisionReference() {
    for (Case t : cases()) {
      t.assertMatchesReference(t.run(Path.SCALAR), Path.SCALAR);
    }
  }

  @Test
  void vectorPathMatchesDoublePrecisionReference() {
    for (Case t : cases()) {
      t.assertMatchesReference(t.run(Path.VECTOR), Path.VECTOR);
    }
  }

  @Test
  void vectorAndScalarPathsGiveIdenticalBits() {
    for (Case t : cases()) {
      assertArrayEquals(t.run(Path.SCALAR), t.run(Path.VECTOR), t::toString);
    }
  }

  @Test
  void dispatchingEntryPointsMatchReferenceAndRepeatExactly() {
    for (Case t : cases()) {
      float[] first = t.run(Path.DISPATCH);
      t.assertMatchesReference(first, Path.DISPATCH);
      assertArrayEquals(first, t.run(Path.DISPATCH), t::toString);
    }
  }

  @Test
  void vectorSupportIsEnabledUnderSurefire() {
    // Surefire runs with --add-modules jdk.incubator.vector (pom argLine), so the vector path is
    // the one Gemm dispatches to here; a false here would mean the tests above never used it.
    assertTrue(VectorSupport.enabled());
  }

  @Test
  void rejectsTooSmallLeadingDimensionNamingTheMatrix() {
    float[] x = new float[100];
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> Gemm.nn(2, 3, 4, x, 0, 3, x, 0, 3, x, 0, 3, false));
    assertEquals(
        "Gemm.nn: leading dimension of A must be >= 4 (its 4 columns), got 3", error.getMessage());
  }

  @Test
  void rejectsTooShortArrayWithExpectedAndActualLength() {
    float[] small = new float[10];
    float[] big = new float[100];
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> Gemm.tn(4, 4, 3, big, 0, 4, big, 0, 4, small, 2, 4, false));
    assertEquals(
        "Gemm.tn: C is 4×4 at offset 2 with leading dimension 4, so it needs an array of at least"
            + " 18 floats, got 10",
        error.getMessage());
  }

  @Test
  void rejectsNegativeSizes() {
    float[] x = new float[4];
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> Gemm.nt(1, -1, 1, x, 0, 1, x, 0, 1, x, 0, 1, false));
    assertEquals("Gemm.nt: sizes must be >= 0, got m=1 n=-1 k=1", error.getMessage());
  }
}
