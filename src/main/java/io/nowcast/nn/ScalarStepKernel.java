package io.nowcast.nn;

/**
 * The reference step arithmetic with {@link Math#fma}; the vector kernel must match it bit for bit.
 */
final class ScalarStepKernel implements StepKernel {
  static final ScalarStepKernel INSTANCE = new ScalarStepKernel();

  private ScalarStepKernel() {}

  @Override
  public void accumulate(
      float[] in, int inOff, int rows, float[] w, int wOff, int cols, float[] acc, int accOff) {
    // Row by row so that the weights stream contiguously; per output element the order is still j =
    // 0, 1, ...
    for (int j = 0; j < rows; j++) {
      float input = in[inOff + j];
      int row = wOff + j * cols;
      for (int k = 0; k < cols; k++) {
        acc[accOff + k] = Math.fma(input, w[row + k], acc[accOff + k]);
      }
    }
  }

  @Override
  public void lstm(float[] z, int zOff, float[] c, int cOff, float[] h, int hOff, int units) {
    for (int u = 0; u < units; u++) {
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
    for (int u = 0; u < units; u++) {
      float update = Activations.sigmoid(z[zOff + u] + z[recurrent + u]);
      float reset = Activations.sigmoid(z[zOff + units + u] + z[recurrent + units + u]);
      float candidate =
          Activations.tanh(Math.fma(reset, z[recurrent + 2 * units + u], z[zOff + 2 * units + u]));
      h[hOff + u] = Math.fma(update, h[hOff + u] - candidate, candidate);
    }
  }

  @Override
  public void rnn(float[] z, int zOff, float[] h, int hOff, int units, Activation activation) {
    for (int u = 0; u < units; u++) {
      float pre = z[zOff + u];
      h[hOff + u] = activation == Activation.RELU ? Math.max(pre, 0f) : Activations.tanh(pre);
    }
  }
}
