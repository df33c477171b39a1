package io.nowcast.nn;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API version of {@link ScalarStepKernel}: each lane performs exactly the scalar operations
 * (same FMAs, same order, the {@link Activations} polynomials), so results are bit-identical.
 * Loaded only when {@link io.nowcast.nn.kernel.VectorSupport#enabled()}; tails shorter than a
 * vector run the same operations with {@link Math#fma} on scalars.
 */
final class VectorStepKernel implements StepKernel {
  static final VectorStepKernel INSTANCE = new VectorStepKernel();

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /** Output vectors accumulated together: enough independent FMA chains to hide their latency. */
  private static final int TILE = 4;

  /**
   * Output vectors of {@link #accumulateWideTile}; 16 accumulators still leave registers free on
   * AVX-512.
   */
  private static final int WIDE_TILE = 16;

  private static final int MAGIC_BITS = Float.floatToRawIntBits(Activations.ROUNDING_MAGIC);

  /**
   * {@link #tanhFinish}, deliberately in a non-final field: C2 treats a final (or trusted) handle
   * as a constant and inlines its target, which is exactly what {@link #finishTanh} must prevent.
   * Never reassigned.
   */
  @SuppressWarnings("FieldMayBeFinal")
  private static MethodHandle tanhFinishPass = findTanhFinish();

  private VectorStepKernel() {}

  private static MethodHandle findTanhFinish() {
    try {
      return MethodHandles.lookup()
          .findStatic(
              VectorStepKernel.class,
              "tanhFinish",
              MethodType.methodType(
                  void.class,
                  float[].class,
                  int.class,
                  float[].class,
                  int.class,
                  float[].class,
                  int.class,
                  int.class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("VectorStepKernel.tanhFinish not found", e);
    }
  }

  @Override
  public void accumulate(
      float[] in, int inOff, int rows, float[] w, int wOff, int cols, float[] acc, int accOff) {
    int k = 0;
    for (; k + WIDE_TILE * LANES <= cols; k += WIDE_TILE * LANES) {
      accumulateWideTile(in, inOff, rows, w, wOff + k, cols, acc, accOff + k);
    }
    for (; k + TILE * LANES <= cols; k += TILE * LANES) {
      accumulateTile(in, inOff, rows, w, wOff + k, cols, acc, accOff + k);
    }
    for (; k + LANES <= cols; k += LANES) {
      accumulateVector(in, inOff, rows, w, wOff + k, cols, acc, accOff + k);
    }
    if (k < cols) {
      accumulateScalarColumns(in, inOff, rows, w, wOff, cols, acc, accOff, k);
    }
  }

  /**
   * Columns {@code from..cols} (fewer than a vector; a short head, say), four at a time in
   * registers so that four FMA chains overlap. Per element the order is still j = 0, 1, ...
   */
  private static void accumulateScalarColumns(
      float[] in,
      int inOff,
      int rows,
      float[] w,
      int wOff,
      int cols,
      float[] acc,
      int accOff,
      int from) {
    int k = from;
    for (; k + 4 <= cols; k += 4) {
      float s0 = acc[accOff + k];
      float s1 = acc[accOff + k + 1];
      float s2 = acc[accOff + k + 2];
      float s3 = acc[accOff + k + 3];
      for (int j = 0; j < rows; j++) {
        float input = in[inOff + j];
        int index = wOff + j * cols + k;
        s0 = Math.fma(input, w[index], s0);
        s1 = Math.fma(input, w[index + 1], s1);
        s2 = Math.fma(input, w[index + 2], s2);
        s3 = Math.fma(input, w[index + 3], s3);
      }
      acc[accOff + k] = s0;
      acc[accOff + k + 1] = s1;
      acc[accOff + k + 2] = s2;
      acc[accOff + k + 3] = s3;
    }
    for (; k < cols; k++) {
      float sum = acc[accOff + k];
      for (int j = 0; j < rows; j++) {
        sum = Math.fma(in[inOff + j], w[wOff + j * cols + k], sum);
      }
      acc[accOff + k] = sum;
    }
  }

  /**
   * Sixteen output vectors (a whole 256-column row at 16 lanes): each weight row is read as one
   * contiguous stream, which the L2 prefetcher serves better than four strided passes (≈ 10% faster
   * for H=64 LSTM layers, whose 200 KB of weights do not fit in L1).
   */
  private static void accumulateWideTile(
      float[] in, int inOff, int rows, float[] w, int wOff, int cols, float[] acc, int accOff) {
    FloatVector a0 = FloatVector.fromArray(SPECIES, acc, accOff + 0 * LANES);
    FloatVector a1 = FloatVector.fromArray(SPECIES, acc, accOff + 1 * LANES);
    FloatVector a2 = FloatVector.fromArray(SPECIES, acc, accOff + 2 * LANES);
    FloatVector a3 = FloatVector.fromArray(SPECIES, acc, accOff + 3 * LANES);
    FloatVector a4 = FloatVector.fromArray(SPECIES, acc, accOff + 4 * LANES);
    FloatVector a5 = FloatVector.fromArray(SPECIES, acc, accOff + 5 * LANES);
    FloatVector a6 = FloatVector.fromArray(SPECIES, acc, accOff + 6 * LANES);
    FloatVector a7 = FloatVector.fromArray(SPECIES, acc, accOff + 7 * LANES);
    FloatVector a8 = FloatVector.fromArray(SPECIES, acc, accOff + 8 * LANES);
    FloatVector a9 = FloatVector.fromArray(SPECIES, acc, accOff + 9 * LANES);
    FloatVector a10 = FloatVector.fromArray(SPECIES, acc, accOff + 10 * LANES);
    FloatVector a11 = FloatVector.fromArray(SPECIES, acc, accOff + 11 * LANES);
    FloatVector a12 = FloatVector.fromArray(SPECIES, acc, accOff + 12 * LANES);
    FloatVector a13 = FloatVector.fromArray(SPECIES, acc, accOff + 13 * LANES);
    FloatVector a14 = FloatVector.fromArray(SPECIES, acc, accOff + 14 * LANES);
    FloatVector a15 = FloatVector.fromArray(SPECIES, acc, accOff + 15 * LANES);
    for (int j = 0; j < rows; j++) {
      FloatVector x = FloatVector.broadcast(SPECIES, in[inOff + j]);
      int row = wOff + j * cols;
      a0 = x.fma(FloatVector.fromArray(SPECIES, w, row + 0 * LANES), a0);
      a1 = x.fma(FloatVector.fromArray(SPECIES, w, row + 1 * LANES), a1);
      a2 = x.fma(FloatVector.fromArray(SPECIES, w, row + 2 * LANES), a2);
      a3 = x.fma(FloatVector.fromArray(SPECIES, w, row + 3 * LANES), a3);
      a4 = x.fma(FloatVector.fromArray(SPECIES, w, row + 4 * LANES), a4);
      a5 = x.fma(FloatVector.fromArray(SPECIES, w, row + 5 * LANES), a5);
      a6 = x.fma(FloatVector.fromArray(SPECIES, w, row + 6 * LANES), a6);
      a7 = x.fma(FloatVector.fromArray(SPECIES, w, row + 7 * LANES), a7);
      a8 = x.fma(FloatVector.fromArray(SPECIES, w, row + 8 * LANES), a8);
      a9 = x.fma(FloatVector.fromArray(SPECIES, w, row + 9 * LANES), a9);
      a10 = x.fma(FloatVector.fromArray(SPECIES, w, row + 10 * LANES), a10);
      a11 = x.fma(FloatVector.fromArray(SPECIES, w, row + 11 * LANES), a11);
      a12 = x.fma(FloatVector.fromArray(SPECIES, w, row + 12 * LANES), a12);
      a13 = x.fma(FloatVector.fromArray(SPECIES, w, row + 13 * LANES), a13);
      a14 = x.fma(FloatVector.fromArray(SPECIES, w, row + 14 * LANES), a14);
      a15 = x.fma(FloatVector.fromArray(SPECIES, w, row + 15 * LANES), a15);
    }
    a0.intoArray(acc, accOff + 0 * LANES);
    a1.intoArray(acc, accOff + 1 * LANES);
    a2.intoArray(acc, accOff + 2 * LANES);
    a3.intoArray(acc, accOff + 3 * LANES);
    a4.intoArray(acc, accOff + 4 * LANES);
    a5.intoArray(acc, accOff + 5 * LANES);
    a6.intoArray(acc, accOff + 6 * LANES);
    a7.intoArray(acc, accOff + 7 * LANES);
    a8.intoArray(acc, accOff + 8 * LANES);
    a9.intoArray(acc, accOff + 9 * LANES);
    a10.intoArray(acc, accOff + 10 * LANES);
    a11.intoArray(acc, accOff + 11 * LANES);
    a12.intoArray(acc, accOff + 12 * LANES);
    a13.intoArray(acc, accOff + 13 * LANES);
    a14.intoArray(acc, accOff + 14 * LANES);
    a15.intoArray(acc, accOff + 15 * LANES);
  }

  private static void accumulateTile(
      float[] in, int inOff, int rows, float[] w, int wOff, int cols, float[] acc, int accOff) {
    FloatVector a0 = FloatVector.fromArray(SPECIES, acc, accOff);
    FloatVector a1 = FloatVector.fromArray(SPECIES, acc, accOff + LANES);
    FloatVector a2 = FloatVector.fromArray(SPECIES, acc, accOff + 2 * LANES);
    FloatVector a3 = FloatVector.fromArray(SPECIES, acc, accOff + 3 * LANES);
    for (int j = 0; j < rows; j++) {
      FloatVector x = FloatVector.broadcast(SPECIES, in[inOff + j]);
      int row = wOff + j * cols;
      a0 = x.fma(FloatVector.fromArray(SPECIES, w, row), a0);
      a1 = x.fma(FloatVector.fromArray(SPECIES, w, row + LANES), a1);
      a2 = x.fma(FloatVector.fromArray(SPECIES, w, row + 2 * LANES), a2);
      a3 = x.fma(FloatVector.fromArray(SPECIES, w, row + 3 * LANES), a3);
    }
    a0.intoArray(acc, accOff);
    a1.intoArray(acc, accOff + LANES);
    a2.intoArray(acc, accOff + 2 * LANES);
    a3.intoArray(acc, accOff + 3 * LANES);
  }

  private static void accumulateVector(
      float[] in, int inOff, int rows, float[] w, int wOff, int cols, float[] acc, int accOff) {
    FloatVector a = FloatVector.fromArray(SPECIES, acc, accOff);
    for (int j = 0; j < rows; j++) {
      a =
          FloatVector.broadcast(SPECIES, in[inOff + j])
              .fma(FloatVector.fromArray(SPECIES, w, wOff + j * cols), a);
    }
    a.intoArray(acc, accOff);
  }

  // Why the code below is cut the way it is: a Vector API expression is only free when C2
  // intrinsifies every operation of it in one compilation unit, and the Vector API inflates a
  // unit's
  // node count fast. A whole tanh (polynomial + exponential + blend) nearly fills C2's inlining
  // budget (NodeCountInliningCutoff) on its own; when the JVM's history made anything else hot in
  // the
  // same unit (a scalar tail after odd layer sizes, a second activation inlined by a caller), C2
  // ran
  // out of budget, left the vector store un-intrinsified and boxed a vector per iteration, for as
  // long as the JVM ran (1.5 KB per LSTM step). Hence:
  //  - vectors never cross a method boundary: methods take and return arrays only;
  //  - each activation pass is a loop method whose bytecode exceeds C2's FreqInlineSize (325
  // bytes),
  //    so it is never inlined into a caller and always compiles as a unit of its own;
  //  - tanh runs as two passes meeting in scratch floats of the workspace: the exponential pass
  //    (a unit of its own by size) and a small pass for the polynomial, the choice and the sign,
  //    called through a method handle so that LSTM's two tanh calls never land in one unit;
  //  - no vector stored comes straight out of reinterpretAsFloats(): the un-intrinsified stores
  //    seen after polluted histories were such stores (tanh now applies its sign with float ops);
  //  - scalar tails are calls to methods of their own placed after the vector loop: when a unit
  //    runs out of budget, C2 refuses to inline the tail call (harmless) instead of cutting into
  //    the vector chain.
  // JitHistoryProbe / StepAllocationTest reproduce such a history in a child JVM.
  // Per element the operations are still exactly those of ScalarStepKernel.

  @Override
  public void lstm(float[] z, int zOff, float[] c, int cOff, float[] h, int hOff, int units) {
    sigmoidInPlace(z, zOff, 2 * units); // i, f
    int scratch = zOff + 4 * units;
    tanhInto(z, zOff + 2 * units, z, zOff + 2 * units, units, z, scratch); // g
    sigmoidInPlace(z, zOff + 3 * units, units); // o
    int u = 0;
    for (; u + LANES <= units; u += LANES) {
      lstmCellVector(z, zOff + u, units, c, cOff + u);
    }
    lstmCellTail(z, zOff, c, cOff, u, units);
    tanhInto(c, cOff, h, hOff, units, z, scratch);
    multiplyInPlace(z, zOff + 3 * units, h, hOff, units);
  }

  /**
   * c ← fma(f, c, i·g) for one vector; {@code gate} indexes the i block, f and g are units further.
   */
  private static void lstmCellVector(float[] z, int gate, int units, float[] c, int cell) {
    FloatVector input = FloatVector.fromArray(SPECIES, z, gate);
    FloatVector forget = FloatVector.fromArray(SPECIES, z, gate + units);
    FloatVector candidate = FloatVector.fromArray(SPECIES, z, gate + 2 * units);
    forget.fma(FloatVector.fromArray(SPECIES, c, cell), input.mul(candidate)).intoArray(c, cell);
  }

  private static void lstmCellTail(float[] z, int zOff, float[] c, int cOff, int from, int units) {
    for (int u = from; u < units; u++) {
      c[cOff + u] =
          Math.fma(z[zOff + units + u], c[cOff + u], z[zOff + u] * z[zOff + 2 * units + u]);
    }
  }

  @Override
  public void gru(float[] z, int zOff, float[] h, int hOff, int units) {
    int recurrent = zOff + 3 * units;
    addInPlace(z, recurrent, z, zOff, 2 * units); // z and r pre-activations
    sigmoidInPlace(z, zOff, 2 * units);
    int n = zOff + 2 * units;
    int u = 0;
    for (; u + LANES <= units; u += LANES) {
      gruCandidateVector(z, zOff + units + u, recurrent + 2 * units + u, n + u);
    }
    gruCandidateTail(z, zOff + units, recurrent + 2 * units, n, u, units);
    tanhInto(z, n, z, n, units, z, zOff + 6 * units);
    u = 0;
    for (; u + LANES <= units; u += LANES) {
      gruUpdateVector(z, zOff + u, n + u, h, hOff + u);
    }
    gruUpdateTail(z, zOff, n, h, hOff, u, units);
  }

  /** z[n] ← fma(r, r_n, z[n]) for one vector (the candidate's pre-activation). */
  private static void gruCandidateVector(float[] z, int reset, int recurrentN, int n) {
    FloatVector.fromArray(SPECIES, z, reset)
        .fma(FloatVector.fromArray(SPECIES, z, recurrentN), FloatVector.fromArray(SPECIES, z, n))
        .intoArray(z, n);
  }

  private static void gruCandidateTail(
      float[] z, int reset, int recurrentN, int n, int from, int units) {
    for (int u = from; u < units; u++) {
      z[n + u] = Math.fma(z[reset + u], z[recurrentN + u], z[n + u]);
    }
  }

  /** h ← fma(z, h − n, n) for one vector. */
  private static void gruUpdateVector(float[] z, int update, int n, float[] h, int hidden) {
    FloatVector candidate = FloatVector.fromArray(SPECIES, z, n);
    FloatVector.fromArray(SPECIES, z, update)
        .fma(FloatVector.fromArray(SPECIES, h, hidden).sub(candidate), candidate)
        .intoArray(h, hidden);
  }

  private static void gruUpdateTail(
      float[] z, int zOff, int n, float[] h, int hOff, int from, int units) {
    for (int u = from; u < units; u++) {
      float candidate = z[n + u];
      h[hOff + u] = Math.fma(z[zOff + u], h[hOff + u] - candidate, candidate);
    }
  }

  @Override
  public void rnn(float[] z, int zOff, float[] h, int hOff, int units, Activation activation) {
    if (activation == Activation.TANH) {
      tanhInto(z, zOff, h, hOff, units, z, zOff + units);
      return;
    }
    int u = 0;
    for (; u + LANES <= units; u += LANES) {
      reluVector(z, zOff + u, h, hOff + u);
    }
    reluTail(z, zOff, h, hOff, u, units);
  }

  private static void reluVector(float[] z, int pre, float[] h, int hidden) {
    FloatVector.fromArray(SPECIES, z, pre).max(0f).intoArray(h, hidden);
  }

  private static void reluTail(float[] z, int zOff, float[] h, int hOff, int from, int units) {
    for (int u = from; u < units; u++) {
      h[hOff + u] = Math.max(z[zOff + u], 0f);
    }
  }

  /** target[i] = factor[i] · target[i]. */
  private static void multiplyInPlace(
      float[] factor, int factorOff, float[] target, int targetOff, int length) {
    int i = 0;
    for (; i + LANES <= length; i += LANES) {
      multiplyVector(factor, factorOff + i, target, targetOff + i);
    }
    for (; i < length; i++) {
      target[targetOff + i] = factor[factorOff + i] * target[targetOff + i];
    }
  }

  private static void multiplyVector(
      float[] factor, int factorIndex, float[] target, int targetIndex) {
    FloatVector.fromArray(SPECIES, factor, factorIndex)
        .mul(FloatVector.fromArray(SPECIES, target, targetIndex))
        .intoArray(target, targetIndex);
  }

  /** target[i] = target[i] + addend[i]. */
  private static void addInPlace(
      float[] addend, int addendOff, float[] target, int targetOff, int length) {
    int i = 0;
    for (; i + LANES <= length; i += LANES) {
      addVector(addend, addendOff + i, target, targetOff + i);
    }
    for (; i < length; i++) {
      target[targetOff + i] = target[targetOff + i] + addend[addendOff + i];
    }
  }

  private static void addVector(float[] addend, int addendIndex, float[] target, int targetIndex) {
    FloatVector.fromArray(SPECIES, target, targetIndex)
        .add(FloatVector.fromArray(SPECIES, addend, addendIndex))
        .intoArray(target, targetIndex);
  }

  /**
   * a[i] = {@link Activations#sigmoid}(a[i]) lane-wise, the same operations per element. The loop
   * and its vector body stay one method on purpose: it is too big for C2 to inline into a caller
   * (so it is always its own compilation unit), and the exponential is spelled out rather than
   * called because a helper taking and returning vectors boxes them whenever it is not inlined.
   */
  static void sigmoidInPlace(float[] a, int off, int length) {
    int i = 0;
    for (; i + LANES <= length; i += LANES) {
      FloatVector x = FloatVector.fromArray(SPECIES, a, off + i);
      FloatVector clamped = x.abs().neg().max(Activations.EXP_LOW).min(Activations.EXP_HIGH);
      FloatVector shifted = clamped.fma(Activations.LOG2E, Activations.ROUNDING_MAGIC);
      FloatVector n = shifted.sub(Activations.ROUNDING_MAGIC);
      IntVector exponent = shifted.reinterpretAsInts().sub(MAGIC_BITS);
      FloatVector r = n.fma(FloatVector.broadcast(SPECIES, -Activations.LN2_HIGH), clamped);
      r = n.fma(FloatVector.broadcast(SPECIES, -Activations.LN2_LOW), r);
      FloatVector p = r.fma(Activations.EXP_P0, Activations.EXP_P1);
      p = p.fma(r, FloatVector.broadcast(SPECIES, Activations.EXP_P2));
      p = p.fma(r, FloatVector.broadcast(SPECIES, Activations.EXP_P3));
      p = p.fma(r, FloatVector.broadcast(SPECIES, Activations.EXP_P4));
      p = p.fma(r, FloatVector.broadcast(SPECIES, Activations.EXP_P5));
      FloatVector y = p.fma(r.mul(r), r).add(1f);
      IntVector firstHalf = exponent.lanewise(VectorOperators.ASHR, 1);
      IntVector secondHalf = exponent.sub(firstHalf);
      FloatVector e =
          y.mul(firstHalf.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
              .mul(secondHalf.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
      // One division: the numerator is chosen first, which is what the scalar branch does per
      // element.
      FloatVector numerator = FloatVector.broadcast(SPECIES, 1f).blend(e, x.lt(0f));
      numerator.div(e.add(1f)).intoArray(a, off + i);
    }
    sigmoidTail(a, off + i, length - i);
  }

  private static void sigmoidTail(float[] a, int from, int count) {
    for (int i = from; i < from + count; i++) {
      a[i] = Activations.sigmoid(a[i]);
    }
  }

  /**
   * target[i] = {@link Activations#tanh}(source[i]) lane-wise; source and target may be the same
   * range. The whole-vector part runs in two passes that meet in {@code
   * scratch[scratchOff..+length)}: the exponential branch (a unit of its own, never inlined), then
   * the polynomial branch, the choice and the sign. One pass with both branches was too big for C2
   * (see above).
   */
  static void tanhInto(
      float[] source,
      int sourceOff,
      float[] target,
      int targetOff,
      int length,
      float[] scratch,
      int scratchOff) {
    int whole = length / LANES * LANES;
    tanhLargeBranch(source, sourceOff, scratch, scratchOff, whole);
    finishTanh(source, sourceOff, scratch, scratchOff, target, targetOff, whole);
    tanhTail(source, sourceOff + whole, target, targetOff + whole, length - whole);
  }

  /**
   * Calls {@link #tanhFinish} through a method handle C2 cannot see through, so that the pass is
   * always a compilation unit of its own. It is small enough that C2 would otherwise inline it into
   * every caller, and LSTM calls tanh twice per layer: two copies plus the rest of the cell update
   * in one unit exceeded C2's node budget after polluted histories and boxed a vector per
   * iteration. A call costs a few nanoseconds, next to ≈ 1 µs per layer.
   */
  private static void finishTanh(
      float[] source,
      int sourceOff,
      float[] large,
      int largeOff,
      float[] target,
      int targetOff,
      int whole) {
    try {
      tanhFinishPass.invokeExact(source, sourceOff, large, largeOff, target, targetOff, whole);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable impossible) {
      throw new AssertionError("tanhFinish declares no checked exception", impossible);
    }
  }

  private static void tanhTail(
      float[] source, int sourceFrom, float[] target, int targetFrom, int count) {
    for (int i = 0; i < count; i++) {
      target[targetFrom + i] = Activations.tanh(source[sourceFrom + i]);
    }
  }

  /**
   * large[i] = 1 − 2/(e<sup>2|x|</sup> + 1) for a whole number of vectors, the exponential as
   * Activations.exp.
   */
  private static void tanhLargeBranch(
      float[] source, int sourceOff, float[] large, int largeOff, int whole) {
    // Checked up front so that a workspace without its scratch floats fails naming them.
    Objects.checkFromIndexSize(largeOff, whole, large.length);
    for (int i = 0; i < whole; i += LANES) {
      FloatVector magnitude = FloatVector.fromArray(SPECIES, source, sourceOff + i).abs();
      FloatVector clamped =
          magnitude.add(magnitude).max(Activations.EXP_LOW).min(Activations.EXP_HIGH);
      FloatVector shifted = clamped.fma(Activations.LOG2E, Activations.ROUNDING_MAGIC);
      FloatVector n = shifted.sub(Activations.ROUNDING_MAGIC);
      IntVector exponent = shifted.reinterpretAsInts().sub(MAGIC_BITS);
      FloatVector r = n.fma(FloatVector.broadcast(SPECIES, -Activations.LN2_HIGH), clamped);
      r = n.fma(FloatVector.broadcast(SPECIES, -Activations.LN2_LOW), r);
      FloatVector p = r.fma(Activations.EXP_P0, Activations.EXP_P1);
      p = p.fma(r, FloatVector.broadcast(SPECIES, Activations.EXP_P2));
      p = p.fma(r, FloatVector.broadcast(SPECIES, Activations.EXP_P3));
      p = p.fma(r, FloatVector.broadcast(SPECIES, Activations.EXP_P4));
      p = p.fma(r, FloatVector.broadcast(SPECIES, Activations.EXP_P5));
      FloatVector y = p.fma(r.mul(r), r).add(1f);
      IntVector firstHalf = exponent.lanewise(VectorOperators.ASHR, 1);
      IntVector secondHalf = exponent.sub(firstHalf);
      FloatVector e =
          y.mul(firstHalf.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
              .mul(secondHalf.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
      FloatVector.broadcast(SPECIES, 1f)
          .sub(FloatVector.broadcast(SPECIES, 2f).div(e.add(1f)))
          .intoArray(large, largeOff + i);
    }
  }

  /**
   * target[i] = ±0 as x, else sign(x)·(|x| &lt; TANH_SMALL ? odd polynomial : large[i]), as
   * Activations.tanh, for a whole number of vectors. The sign goes on with float operations: a
   * store of a reinterpretAsFloats() result is what C2 failed to intrinsify after polluted
   * histories.
   */
  private static void tanhFinish(
      float[] source,
      int sourceOff,
      float[] large,
      int largeOff,
      float[] target,
      int targetOff,
      int whole) {
    for (int i = 0; i < whole; i += LANES) {
      FloatVector x = FloatVector.fromArray(SPECIES, source, sourceOff + i);
      FloatVector magnitude = x.abs();
      FloatVector z = magnitude.mul(magnitude);
      FloatVector q = z.fma(Activations.TANH_P0, Activations.TANH_P1);
      q = q.fma(z, FloatVector.broadcast(SPECIES, Activations.TANH_P2));
      q = q.fma(z, FloatVector.broadcast(SPECIES, Activations.TANH_P3));
      q = q.fma(z, FloatVector.broadcast(SPECIES, Activations.TANH_P4));
      FloatVector small = q.mul(z).fma(magnitude, magnitude);
      FloatVector unsigned =
          FloatVector.fromArray(SPECIES, large, largeOff + i)
              .blend(small, magnitude.lt(Activations.TANH_SMALL));
      unsigned.blend(unsigned.neg(), x.lt(0f)).blend(x, x.eq(0f)).intoArray(target, targetOff + i);
    }
  }
}
