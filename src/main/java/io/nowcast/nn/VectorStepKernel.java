package io.nowcast.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API version of {@link ScalarStepKernel}: each lane performs exactly the scalar operations
 * (same FMAs, same order, the {@link Activations} polynomials), so results are bit-identical. Loaded
 * only when {@link io.nowcast.nn.kernel.VectorSupport#enabled()}; tails shorter than a vector are
 * delegated to the scalar kernel.
 */
final class VectorStepKernel implements StepKernel {
  static final VectorStepKernel INSTANCE = new VectorStepKernel();

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /** Output vectors accumulated together: enough independent FMA chains to hide their latency. */
  private static final int TILE = 4;
  private static final int MAGIC_BITS = Float.floatToRawIntBits(Activations.ROUNDING_MAGIC);

  private VectorStepKernel() {}

  @Override
  public void accumulate(float[] in, int inOff, int rows, float[] w, int wOff, int cols, float[] acc, int accOff) {
    int k = 0;
    for (; k + TILE * LANES <= cols; k += TILE * LANES) {
      accumulateTile(in, inOff, rows, w, wOff + k, cols, acc, accOff + k);
    }
    for (; k + LANES <= cols; k += LANES) {
      accumulateVector(in, inOff, rows, w, wOff + k, cols, acc, accOff + k);
    }
    for (; k < cols; k++) {
      float sum = acc[accOff + k];
      for (int j = 0; j < rows; j++) {
        sum = Math.fma(in[inOff + j], w[wOff + j * cols + k], sum);
      }
      acc[accOff + k] = sum;
    }
  }

  private static void accumulateTile(float[] in, int inOff, int rows, float[] w, int wOff, int cols, float[] acc, int accOff) {
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

  private static void accumulateVector(float[] in, int inOff, int rows, float[] w, int wOff, int cols, float[] acc, int accOff) {
    FloatVector a = FloatVector.fromArray(SPECIES, acc, accOff);
    for (int j = 0; j < rows; j++) {
      a = FloatVector.broadcast(SPECIES, in[inOff + j]).fma(FloatVector.fromArray(SPECIES, w, wOff + j * cols), a);
    }
    a.intoArray(acc, accOff);
  }

  @Override
  public void lstm(float[] z, int zOff, float[] c, int cOff, float[] h, int hOff, int units) {
    int u = 0;
    for (; u + LANES <= units; u += LANES) {
      FloatVector input = sigmoid(FloatVector.fromArray(SPECIES, z, zOff + u));
      FloatVector forget = sigmoid(FloatVector.fromArray(SPECIES, z, zOff + units + u));
      FloatVector candidate = tanh(FloatVector.fromArray(SPECIES, z, zOff + 2 * units + u));
      FloatVector output = sigmoid(FloatVector.fromArray(SPECIES, z, zOff + 3 * units + u));
      FloatVector cell = forget.fma(FloatVector.fromArray(SPECIES, c, cOff + u), input.mul(candidate));
      cell.intoArray(c, cOff + u);
      output.mul(tanh(cell)).intoArray(h, hOff + u);
    }
    if (u < units) {
      lstmTail(z, zOff, c, cOff, h, hOff, units, u);
    }
  }

  /** The scalar kernel on the last {@code units − from} cells, blocks still {@code units} apart. */
  private static void lstmTail(float[] z, int zOff, float[] c, int cOff, float[] h, int hOff, int units, int from) {
    for (int u = from; u < units; u++) {
      float input = Activations.sigmoid(z[zOff + u]);
      float forget = Activations.sigmoid(z[zOff + units + u]);
      float candidate = Activations.tanh(z[zOff + 2 * units + u]);
      float output = Activations.sigmoid(z[zOff + 3 * units + u]);
      float cell = Math.fma(forget, c[cOff + u], input * candidate);
      c[cOff + u] = cell;
      h[hOff + u] = output * Activations.tanh(cell);
    }
  }

  @Override
  public void gru(float[] z, int zOff, float[] h, int hOff, int units) {
    int recurrent = zOff + 3 * units;
    int u = 0;
    for (; u + LANES <= units; u += LANES) {
      FloatVector update = sigmoid(FloatVector.fromArray(SPECIES, z, zOff + u)
          .add(FloatVector.fromArray(SPECIES, z, recurrent + u)));
      FloatVector reset = sigmoid(FloatVector.fromArray(SPECIES, z, zOff + units + u)
          .add(FloatVector.fromArray(SPECIES, z, recurrent + units + u)));
      FloatVector candidate = tanh(reset.fma(FloatVector.fromArray(SPECIES, z, recurrent + 2 * units + u),
          FloatVector.fromArray(SPECIES, z, zOff + 2 * units + u)));
      FloatVector previous = FloatVector.fromArray(SPECIES, h, hOff + u);
      update.fma(previous.sub(candidate), candidate).intoArray(h, hOff + u);
    }
    for (; u < units; u++) {
      float update = Activations.sigmoid(z[zOff + u] + z[recurrent + u]);
      float reset = Activations.sigmoid(z[zOff + units + u] + z[recurrent + units + u]);
      float candidate = Activations.tanh(Math.fma(reset, z[recurrent + 2 * units + u], z[zOff + 2 * units + u]));
      h[hOff + u] = Math.fma(update, h[hOff + u] - candidate, candidate);
    }
  }

  @Override
  public void rnn(float[] z, int zOff, float[] h, int hOff, int units, Activation activation) {
    int u = 0;
    for (; u + LANES <= units; u += LANES) {
      FloatVector pre = FloatVector.fromArray(SPECIES, z, zOff + u);
      (activation == Activation.RELU ? pre.max(0f) : tanh(pre)).intoArray(h, hOff + u);
    }
    for (; u < units; u++) {
      float pre = z[zOff + u];
      h[hOff + u] = activation == Activation.RELU ? Math.max(pre, 0f) : Activations.tanh(pre);
    }
  }

  /** Lane-wise {@link Activations#exp}. */
  static FloatVector exp(FloatVector x) {
    FloatVector clamped = x.max(Activations.EXP_LOW).min(Activations.EXP_HIGH);
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
    return y.mul(powerOfTwo(firstHalf)).mul(powerOfTwo(secondHalf));
  }

  private static FloatVector powerOfTwo(IntVector exponent) {
    return exponent.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
  }

  /** Lane-wise {@link Activations#sigmoid}. */
  static FloatVector sigmoid(FloatVector x) {
    FloatVector e = exp(x.abs().neg());
    FloatVector denominator = e.add(1f);
    FloatVector positive = FloatVector.broadcast(SPECIES, 1f).div(denominator);
    return positive.blend(e.div(denominator), x.lt(0f));
  }

  /** Lane-wise {@link Activations#tanh}. */
  static FloatVector tanh(FloatVector x) {
    FloatVector magnitude = x.abs();
    FloatVector z = magnitude.mul(magnitude);
    FloatVector p = z.fma(Activations.TANH_P0, Activations.TANH_P1);
    p = p.fma(z, FloatVector.broadcast(SPECIES, Activations.TANH_P2));
    p = p.fma(z, FloatVector.broadcast(SPECIES, Activations.TANH_P3));
    p = p.fma(z, FloatVector.broadcast(SPECIES, Activations.TANH_P4));
    FloatVector small = p.mul(z).fma(magnitude, magnitude);
    FloatVector large = FloatVector.broadcast(SPECIES, 1f)
        .sub(FloatVector.broadcast(SPECIES, 2f).div(exp(magnitude.add(magnitude)).add(1f)));
    FloatVector unsigned = large.blend(small, magnitude.lt(Activations.TANH_SMALL));
    return unsigned.reinterpretAsInts()
        .or(x.reinterpretAsInts().and(Activations.SIGN_BIT))
        .reinterpretAsFloats();
  }
}
