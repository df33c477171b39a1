package io.nowcast.nn;

/**
 * The arithmetic of one inference step, in two implementations that give the same bits: {@link
 * ScalarStepKernel} and the Vector API {@code VectorStepKernel}. Every method performs, for each
 * output element, the same operations in the same order whichever implementation runs.
 *
 * <p>The cell methods may use {@code units} floats of {@code z} right after the gate blocks they
 * read (after 4·units for LSTM, 6·units for GRU, units for RNN) as scratch; {@link StepWorkspace}
 * reserves them.
 */
interface StepKernel {

  /**
   * {@code acc[accOff + k] = fma(in[inOff + j], w[wOff + j·cols + k], acc[accOff + k])} for j =
   * 0..rows-1 in ascending order, for every k in 0..cols-1: a vector–matrix product on an
   * input-major matrix.
   */
  void accumulate(
      float[] in, int inOff, int rows, float[] w, int wOff, int cols, float[] acc, int accOff);

  /**
   * LSTM update of {@code units} cells from the pre-activations {@code z[zOff..zOff+4·units)}
   * (blocks i, f, g, o): c ← fma(f, c, i·g); h ← o·tanh(c).
   */
  void lstm(float[] z, int zOff, float[] c, int cOff, float[] h, int hOff, int units);

  /**
   * GRU update: {@code z[zOff..)} holds x·W + b_in (blocks z, r, n), {@code z[zOff+3·units..)}
   * holds h·U + b_rec; r_n is the recurrent n block. z = σ(·), r = σ(·), n = tanh(fma(r, r_n,
   * x_n)), h ← fma(z, h − n, n).
   */
  void gru(float[] z, int zOff, float[] h, int hOff, int units);

  /** Plain RNN update: h ← tanh(z) or max(z, 0). */
  void rnn(float[] z, int zOff, float[] h, int hOff, int units, Activation activation);
}
