package io.nowcast.nn;

/**
 * Straightforward double-precision reference of the documented network and its gradients, written
 * from the equations in the package documentation and sharing no code with production (offsets are
 * recomputed here). One sequence at a time, one scalar loop per formula; loss: {@link TestLoss},
 * mean over non-NaN targets. Used only to check the float implementation (llm.c {@code test_gpt2.c}
 * style).
 */
final class ReferenceNetwork {
  final CellType cell;
  final boolean relu;
  final int inputSize;
  final int[] sizes;
  final int horizon;
  final int outputs;
  final boolean probabilistic;
  final int[] kernel;
  final int[] recurrent;
  final int[] bias;
  final int headKernel;
  final int headBias;
  final int parameterCount;

  ReferenceNetwork(NetworkSpec spec) {
    cell = spec.cell();
    relu = spec.activation() == Activation.RELU;
    inputSize = spec.inputSize();
    sizes = spec.layerSizes();
    horizon = spec.horizon();
    probabilistic = spec.output() == OutputKind.PROBABILISTIC;
    outputs = probabilistic ? 2 * horizon : horizon;
    int layers = sizes.length;
    kernel = new int[layers];
    recurrent = new int[layers];
    bias = new int[layers];
    int offset = 0;
    for (int l = 0; l < layers; l++) {
      int g = gates();
      int in = l == 0 ? inputSize : sizes[l - 1];
      kernel[l] = offset;
      offset += in * g * sizes[l];
      recurrent[l] = offset;
      offset += sizes[l] * g * sizes[l];
      bias[l] = offset;
      offset += (cell == CellType.GRU ? 2 : 1) * g * sizes[l];
    }
    headKernel = offset;
    offset += sizes[layers - 1] * outputs;
    headBias = offset;
    parameterCount = offset + outputs;
  }

  int gates() {
    return switch (cell) {
      case LSTM -> 4;
      case GRU -> 3;
      case RNN -> 1;
    };
  }

  /** Per-sequence state: h[l][u], c[l][u]. */
  static final class State {
    final double[][] h;
    final double[][] c;

    State(int[] sizes) {
      h = new double[sizes.length][];
      c = new double[sizes.length][];
      for (int l = 0; l < sizes.length; l++) {
        h[l] = new double[sizes[l]];
        c[l] = new double[sizes[l]];
      }
    }

    State copy() {
      State copy = new State(new int[h.length]);
      for (int l = 0; l < h.length; l++) {
        copy.h[l] = h[l].clone();
        copy.c[l] = c[l].clone();
      }
      return copy;
    }
  }

  /** Everything one step of one layer needs for backprop. */
  private static final class StepCache {
    double[] input;
    double[] hPrev;
    double[] cPrev;
    double[] act; // LSTM i f g o; GRU z r n; RNN h
    double[] recN; // GRU: h·U + b_rec, n block
    double[] tanhC;
  }

  /** Result of a chunk: mean loss, outputs[b][t][k], gradient (null when not requested). */
  record Result(double loss, double[][][] outputs, double[] gradient) {}

  /**
   * Runs sequences x[b][t][i] from states[b] (updated in place to the end state) and returns the
   * mean loss against targets[b][t][k] (NaN = none) and, if asked, its gradient.
   */
  Result run(
      double[] p, State[] states, double[][][] x, double[][][] targets, boolean withGradient) {
    int batch = x.length;
    int steps = x[0].length;
    int layers = sizes.length;
    StepCache[][][] caches = new StepCache[batch][steps][layers];
    double[][][] y = new double[batch][steps][];
    double[][][] lastHidden = new double[batch][steps][];
    int count = 0;
    for (double[][] perSequence : targets) {
      for (double[] perStep : perSequence) {
        for (double v : perStep) {
          count += Double.isNaN(v) ? 0 : 1;
        }
      }
    }
    double loss = 0;
    double[][][] dy = new double[batch][steps][outputs];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        double[] v = x[b][t];
        for (int l = 0; l < layers; l++) {
          caches[b][t][l] = forwardCell(p, l, v, states[b]);
          v = states[b].h[l].clone();
        }
        lastHidden[b][t] = v;
        y[b][t] = head(p, v);
        loss +=
            TestLoss.lossAndGradient(
                y[b][t], targets[b][t], horizon, probabilistic, dy[b][t], 1.0 / count);
      }
    }
    double mean = count == 0 ? 0 : loss / count;
    if (!withGradient || count == 0) {
      return new Result(mean, y, withGradient ? new double[parameterCount] : null);
    }
    double[] grad = new double[parameterCount];
    for (int b = 0; b < batch; b++) {
      backward(p, caches[b], lastHidden[b], dy[b], grad);
    }
    return new Result(mean, y, grad);
  }

  private double[] head(double[] p, double[] h) {
    double[] out = new double[outputs];
    for (int k = 0; k < outputs; k++) {
      double sum = p[headBias + k];
      for (int j = 0; j < h.length; j++) {
        sum += h[j] * p[headKernel + j * outputs + k];
      }
      out[k] = sum;
    }
    return out;
  }

  private double w(double[] p, int offset, int row, int cols, int col) {
    return p[offset + row * cols + col];
  }

  /** v·M + bias (no bias when {@code biasOffset} is negative). */
  private double[] affine(double[] p, int offset, double[] v, int cols, int biasOffset) {
    double[] out = new double[cols];
    for (int k = 0; k < cols; k++) {
      double sum = biasOffset < 0 ? 0 : p[biasOffset + k];
      for (int j = 0; j < v.length; j++) {
        sum += v[j] * w(p, offset, j, cols, k);
      }
      out[k] = sum;
    }
    return out;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + StrictMath.exp(-x));
  }

  private StepCache forwardCell(double[] p, int l, double[] v, State state) {
    int units = sizes[l];
    int cols = gates() * units;
    StepCache cache = new StepCache();
    cache.input = v.clone();
    cache.hPrev = state.h[l].clone();
    cache.cPrev = state.c[l].clone();
    double[] xw = affine(p, kernel[l], v, cols, bias[l]);
    double[] hu =
        affine(p, recurrent[l], state.h[l], cols, cell == CellType.GRU ? bias[l] + cols : -1);
    double[] act = new double[cols];
    switch (cell) {
      case LSTM -> {
        cache.tanhC = new double[units];
        for (int u = 0; u < units; u++) {
          double i = sigmoid(xw[u] + hu[u]);
          double f = sigmoid(xw[units + u] + hu[units + u]);
          double g = StrictMath.tanh(xw[2 * units + u] + hu[2 * units + u]);
          double o = sigmoid(xw[3 * units + u] + hu[3 * units + u]);
          double c = f * state.c[l][u] + i * g;
          act[u] = i;
          act[units + u] = f;
          act[2 * units + u] = g;
          act[3 * units + u] = o;
          cache.tanhC[u] = StrictMath.tanh(c);
          state.c[l][u] = c;
          state.h[l][u] = o * cache.tanhC[u];
        }
      }
      case GRU -> {
        cache.recN = new double[units];
        for (int u = 0; u < units; u++) {
          double z = sigmoid(xw[u] + hu[u]);
          double r = sigmoid(xw[units + u] + hu[units + u]);
          double n = StrictMath.tanh(xw[2 * units + u] + r * hu[2 * units + u]);
          act[u] = z;
          act[units + u] = r;
          act[2 * units + u] = n;
          cache.recN[u] = hu[2 * units + u];
          state.h[l][u] = z * state.h[l][u] + (1 - z) * n;
        }
      }
      case RNN -> {
        for (int u = 0; u < units; u++) {
          double pre = xw[u] + hu[u];
          act[u] = relu ? Math.max(pre, 0) : StrictMath.tanh(pre);
          state.h[l][u] = act[u];
        }
      }
    }
    cache.act = act;
    return cache;
  }

  private void backward(
      double[] p, StepCache[][] caches, double[][] lastHidden, double[][] dy, double[] grad) {
    int steps = caches.length;
    int layers = sizes.length;
    double[][][] dAbove = new double[layers][steps][];
    int lastUnits = sizes[layers - 1];
    for (int t = 0; t < steps; t++) {
      dAbove[layers - 1][t] = new double[lastUnits];
      for (int k = 0; k < outputs; k++) {
        grad[headBias + k] += dy[t][k];
        for (int j = 0; j < lastUnits; j++) {
          grad[headKernel + j * outputs + k] += lastHidden[t][j] * dy[t][k];
          dAbove[layers - 1][t][j] += p[headKernel + j * outputs + k] * dy[t][k];
        }
      }
    }
    for (int l = layers - 1; l >= 0; l--) {
      int units = sizes[l];
      int cols = gates() * units;
      int in = l == 0 ? inputSize : sizes[l - 1];
      double[] dhNext = new double[units];
      double[] dcNext = new double[units];
      for (int t = steps - 1; t >= 0; t--) {
        StepCache cache = caches[t][l];
        double[] dh = new double[units];
        for (int u = 0; u < units; u++) {
          dh[u] = dAbove[l][t][u] + dhNext[u];
        }
        double[] dx = new double[cols]; // gradient w.r.t. x·W + b_in (all cells)
        double[] dr = new double[cols]; // gradient w.r.t. h·U (+ b_rec)
        double[] direct = new double[units];
        preActivationGradients(cache, units, dh, dcNext, dx, dr, direct);
        int recurrentBias = cell == CellType.GRU ? bias[l] + cols : -1;
        for (int k = 0; k < cols; k++) {
          grad[bias[l] + k] += dx[k];
          if (recurrentBias >= 0) {
            grad[recurrentBias + k] += dr[k];
          }
          for (int j = 0; j < in; j++) {
            grad[kernel[l] + j * cols + k] += cache.input[j] * dx[k];
          }
          for (int j = 0; j < units; j++) {
            grad[recurrent[l] + j * cols + k] += cache.hPrev[j] * dr[k];
          }
        }
        for (int j = 0; j < units; j++) {
          double sum = direct[j];
          for (int k = 0; k < cols; k++) {
            sum += w(p, recurrent[l], j, cols, k) * dr[k];
          }
          dhNext[j] = sum;
        }
        if (l > 0) {
          dAbove[l - 1][t] = new double[in];
          for (int j = 0; j < in; j++) {
            double sum = 0;
            for (int k = 0; k < cols; k++) {
              sum += w(p, kernel[l], j, cols, k) * dx[k];
            }
            dAbove[l - 1][t][j] = sum;
          }
        }
      }
    }
  }

  private void preActivationGradients(
      StepCache cache,
      int units,
      double[] dh,
      double[] dcNext,
      double[] dx,
      double[] dr,
      double[] direct) {
    double[] a = cache.act;
    for (int u = 0; u < units; u++) {
      switch (cell) {
        case LSTM -> {
          double i = a[u];
          double f = a[units + u];
          double g = a[2 * units + u];
          double o = a[3 * units + u];
          double tc = cache.tanhC[u];
          double dc = dcNext[u] + dh[u] * o * (1 - tc * tc);
          dx[u] = dc * g * i * (1 - i);
          dx[units + u] = dc * cache.cPrev[u] * f * (1 - f);
          dx[2 * units + u] = dc * i * (1 - g * g);
          dx[3 * units + u] = dh[u] * tc * o * (1 - o);
          dcNext[u] = dc * f;
        }
        case GRU -> {
          double z = a[u];
          double r = a[units + u];
          double n = a[2 * units + u];
          double dz = dh[u] * (cache.hPrev[u] - n) * z * (1 - z);
          double dn = dh[u] * (1 - z) * (1 - n * n);
          double drr = dn * cache.recN[u] * r * (1 - r);
          dx[u] = dz;
          dx[units + u] = drr;
          dx[2 * units + u] = dn;
          dr[u] = dz;
          dr[units + u] = drr;
          dr[2 * units + u] = dn * r;
          direct[u] = dh[u] * z;
        }
        case RNN -> {
          double h = a[u];
          dx[u] = relu ? (h > 0 ? dh[u] : 0) : dh[u] * (1 - h * h);
        }
      }
    }
    if (cell != CellType.GRU) {
      System.arraycopy(dx, 0, dr, 0, dx.length);
    }
  }
}
