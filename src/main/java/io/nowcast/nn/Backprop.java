package io.nowcast.nn;

import io.nowcast.nn.kernel.Gemm;
import io.nowcast.nn.optim.LossFunction;
import java.util.Arrays;

/**
 * Batched forward pass and backpropagation through time over one chunk, for stateful truncated
 * BPTT.
 *
 * <p>The forward pass runs layer by layer: the input products of all {@code steps × batchSize} rows
 * are one matrix product {@code X·W + b}, then each step adds {@code H_{t−1}·U} (a {@code batchSize
 * × H} by {@code H × G·H} product) and applies the cell. The head is one product over all rows. The
 * backward pass mirrors it; weight gradients are accumulated once per chunk as {@code Xᵀ·dZ} and
 * {@code H_prevᵀ·dZ} over all rows. The state the chunk started from is treated as a constant (the
 * gradient stops at the chunk boundary) while the end state is written back to the {@link
 * BatchState}, so the next chunk continues the sequences: the state semantics of serving.
 *
 * <p>The element-wise cell arithmetic is the inference step's ({@link Activations}, same FMAs), so
 * a batch of one gives the outputs of {@link Network#step} up to the summation order of {@link
 * Gemm}.
 *
 * <p>An instance holds the caches for one chunk shape and is reused across chunks; not thread-safe.
 */
public final class Backprop {
  private final NetworkSpec spec;
  private final ParameterLayout layout;
  private final int steps;
  private final int batchSize;
  private final int rows;

  /**
   * Per layer: (steps + 1) × batchSize × H; block 0 is the chunk's initial state, block t+1 the
   * output of step t.
   */
  private final float[][] hidden;

  /** Per layer, LSTM only: cell states laid out like {@link #hidden}. */
  private final float[][] cell;

  /** Per layer, LSTM only: tanh of the new cell state, steps × batchSize × H. */
  private final float[][] cellTanh;

  /** Per layer: activated gates, steps × batchSize × G·H (GRU: z, r, n). */
  private final float[][] gates;

  /**
   * Per layer, GRU only: h·U + b_rec, steps × batchSize × 3H (its n block is needed by backprop).
   */
  private final float[][] recurrentGates;

  private final float[] outputs;
  private final float[] outputGradient;

  /** Per layer: gradient of the loss w.r.t. the layer's output from above (head or next layer). */
  private final float[][] hiddenGradientFromAbove;

  /** Per layer: gradient w.r.t. the gate pre-activations (GRU: of x·W + b_in). */
  private final float[][] gateGradient;

  /** Per layer, GRU only: gradient w.r.t. h·U + b_rec. */
  private final float[][] recurrentGateGradient;

  private final float[] hiddenGradientNext;
  private final float[] cellGradientNext;

  /**
   * Caches for chunks of {@code steps} time steps × {@code batchSize} sequences of networks shaped
   * like {@code spec}.
   */
  public Backprop(NetworkSpec spec, int steps, int batchSize) {
    if (steps <= 0 || batchSize <= 0) {
      throw new IllegalArgumentException(
          "steps and batchSize must be positive, were " + steps + ", " + batchSize);
    }
    this.spec = spec;
    this.layout = ParameterLayout.of(spec);
    this.steps = steps;
    this.batchSize = batchSize;
    this.rows = Math.multiplyExact(steps, batchSize);
    int layers = spec.layers();
    boolean lstm = spec.cell() == CellType.LSTM;
    boolean gru = spec.cell() == CellType.GRU;
    hidden = new float[layers][];
    cell = new float[layers][];
    cellTanh = new float[layers][];
    gates = new float[layers][];
    recurrentGates = new float[layers][];
    hiddenGradientFromAbove = new float[layers][];
    gateGradient = new float[layers][];
    recurrentGateGradient = new float[layers][];
    int widest = 0;
    for (int l = 0; l < layers; l++) {
      int units = spec.hiddenSize(l);
      int width = layout.gateWidth(l);
      widest = Math.max(widest, units);
      hidden[l] = new float[(rows + batchSize) * units];
      cell[l] = new float[lstm ? (rows + batchSize) * units : 0];
      cellTanh[l] = new float[lstm ? rows * units : 0];
      gates[l] = new float[rows * width];
      recurrentGates[l] = new float[gru ? rows * width : 0];
      hiddenGradientFromAbove[l] = new float[rows * units];
      gateGradient[l] = new float[rows * width];
      recurrentGateGradient[l] = new float[gru ? rows * width : 0];
    }
    outputs = new float[rows * spec.outputSize()];
    outputGradient = new float[rows * spec.outputSize()];
    hiddenGradientNext = new float[batchSize * widest];
    cellGradientNext = new float[batchSize * widest];
  }

  public int steps() {
    return steps;
  }

  public int batchSize() {
    return batchSize;
  }

  /**
   * Runs the chunk forward from {@code state}, leaves the end state in it and copies the head
   * outputs ({@code steps × batchSize × outputSize}, row t·batchSize + b) into {@code out} when it
   * is not null.
   */
  public void forward(Network network, BatchState state, SequenceBatch batch, float[] out) {
    checkShapes(network, state, batch);
    if (out != null && out.length < outputs.length) {
      throw new IllegalArgumentException(
          "out: expected at least " + outputs.length + " floats but got " + out.length);
    }
    float[] parameters = network.parameters();
    float[] input = batch.inputs();
    int inputOffset = 0;
    for (int l = 0; l < spec.layers(); l++) {
      forwardLayer(parameters, l, input, inputOffset, state);
      input = hidden[l];
      inputOffset = batchSize * spec.hiddenSize(l);
    }
    int outputSize = spec.outputSize();
    broadcastRows(parameters, layout.headBiasOffset(), outputSize, outputs, 0, rows);
    Gemm.nn(
        rows,
        outputSize,
        spec.lastHiddenSize(),
        input,
        inputOffset,
        spec.lastHiddenSize(),
        parameters,
        layout.headKernelOffset(),
        outputSize,
        outputs,
        0,
        outputSize,
        true);
    if (out != null) {
      System.arraycopy(outputs, 0, out, 0, outputs.length);
    }
  }

  /**
   * Forward then backward over the chunk. Adds to {@code gradients} (it is not zeroed here, so
   * several chunks can be accumulated) the gradient of the mean loss per non-NaN target value, and
   * returns that mean loss (0 when the chunk has no target at all, adding nothing).
   */
  public double forwardBackward(
      Network network,
      BatchState state,
      SequenceBatch batch,
      LossFunction loss,
      Gradients gradients) {
    if (gradients.values().length != layout.size()) {
      throw new IllegalArgumentException(
          "gradients: expected "
              + layout.size()
              + " floats for "
              + spec
              + " but got "
              + gradients.values().length);
    }
    forward(network, state, batch, null);
    int targets = countTargets(batch.targets());
    if (targets == 0) {
      return 0;
    }
    float weight = 1f / targets;
    double total = outputGradients(batch, loss, weight);
    backward(network.parameters(), batch, gradients.values());
    return total * weight;
  }

  private void forwardLayer(
      float[] parameters, int l, float[] input, int inputOffset, BatchState state) {
    int units = spec.hiddenSize(l);
    int width = layout.gateWidth(l);
    int inputSize = spec.layerInputSize(l);
    float[] layerGates = gates[l];
    broadcastRows(parameters, layout.biasOffset(l), width, layerGates, 0, rows);
    Gemm.nn(
        rows,
        width,
        inputSize,
        input,
        inputOffset,
        inputSize,
        parameters,
        layout.kernelOffset(l),
        width,
        layerGates,
        0,
        width,
        true);
    System.arraycopy(state.h(l), 0, hidden[l], 0, batchSize * units);
    if (spec.cell() == CellType.LSTM) {
      System.arraycopy(state.c(l), 0, cell[l], 0, batchSize * units);
    }
    for (int t = 0; t < steps; t++) {
      forwardStep(parameters, l, t);
    }
    System.arraycopy(hidden[l], rows * units, state.h(l), 0, batchSize * units);
    if (spec.cell() == CellType.LSTM) {
      System.arraycopy(cell[l], rows * units, state.c(l), 0, batchSize * units);
    }
  }

  private void forwardStep(float[] parameters, int l, int t) {
    int units = spec.hiddenSize(l);
    int width = layout.gateWidth(l);
    int gateRow = t * batchSize * width;
    float[] target = gates[l];
    if (spec.cell() == CellType.GRU) {
      target = recurrentGates[l];
      broadcastRows(parameters, layout.biasOffset(l) + width, width, target, gateRow, batchSize);
    }
    Gemm.nn(
        batchSize,
        width,
        units,
        hidden[l],
        t * batchSize * units,
        units,
        parameters,
        layout.recurrentKernelOffset(l),
        width,
        target,
        gateRow,
        width,
        true);
    for (int b = 0; b < batchSize; b++) {
      int row = t * batchSize + b;
      switch (spec.cell()) {
        case LSTM -> lstmForward(l, row, units);
        case GRU -> gruForward(l, row, units);
        case RNN -> rnnForward(l, row, units);
      }
    }
  }

  private void lstmForward(int l, int row, int units) {
    float[] z = gates[l];
    int zOff = row * 4 * units;
    int previous = row * units;
    int next = (row + batchSize) * units;
    for (int u = 0; u < units; u++) {
      float input = Activations.sigmoid(z[zOff + u]);
      float forget = Activations.sigmoid(z[zOff + units + u]);
      float candidate = Activations.tanh(z[zOff + 2 * units + u]);
      float output = Activations.sigmoid(z[zOff + 3 * units + u]);
      float c = Math.fma(forget, cell[l][previous + u], input * candidate);
      float tanhC = Activations.tanh(c);
      z[zOff + u] = input;
      z[zOff + units + u] = forget;
      z[zOff + 2 * units + u] = candidate;
      z[zOff + 3 * units + u] = output;
      cell[l][next + u] = c;
      cellTanh[l][previous + u] = tanhC;
      hidden[l][next + u] = output * tanhC;
    }
  }

  private void gruForward(int l, int row, int units) {
    float[] x = gates[l];
    float[] h = recurrentGates[l];
    int off = row * 3 * units;
    int previous = row * units;
    int next = (row + batchSize) * units;
    for (int u = 0; u < units; u++) {
      float update = Activations.sigmoid(x[off + u] + h[off + u]);
      float reset = Activations.sigmoid(x[off + units + u] + h[off + units + u]);
      float candidate =
          Activations.tanh(Math.fma(reset, h[off + 2 * units + u], x[off + 2 * units + u]));
      x[off + u] = update;
      x[off + units + u] = reset;
      x[off + 2 * units + u] = candidate;
      hidden[l][next + u] = Math.fma(update, hidden[l][previous + u] - candidate, candidate);
    }
  }

  private void rnnForward(int l, int row, int units) {
    float[] z = gates[l];
    int off = row * units;
    int next = (row + batchSize) * units;
    boolean relu = spec.activation() == Activation.RELU;
    for (int u = 0; u < units; u++) {
      float pre = z[off + u];
      hidden[l][next + u] = relu ? Math.max(pre, 0f) : Activations.tanh(pre);
    }
  }

  private static int countTargets(float[] targets) {
    int count = 0;
    for (float target : targets) {
      if (!Float.isNaN(target)) {
        count++;
      }
    }
    return count;
  }

  private double outputGradients(SequenceBatch batch, LossFunction loss, float weight) {
    Arrays.fill(outputGradient, 0f);
    int outputSize = spec.outputSize();
    double total = 0;
    for (int row = 0; row < rows; row++) {
      total +=
          loss.accumulate(
              outputs,
              row * outputSize,
              batch.targets(),
              row * spec.horizon(),
              spec.horizon(),
              outputGradient,
              row * outputSize,
              weight);
    }
    return total;
  }

  private void backward(float[] parameters, SequenceBatch batch, float[] gradient) {
    int last = spec.layers() - 1;
    int lastUnits = spec.lastHiddenSize();
    int outputSize = spec.outputSize();
    float[] lastHidden = hidden[last];
    int lastOffset = batchSize * lastUnits;
    Gemm.tn(
        lastUnits,
        outputSize,
        rows,
        lastHidden,
        lastOffset,
        lastUnits,
        outputGradient,
        0,
        outputSize,
        gradient,
        layout.headKernelOffset(),
        outputSize,
        true);
    addColumnSums(outputGradient, rows, outputSize, gradient, layout.headBiasOffset());
    Gemm.nt(
        rows,
        lastUnits,
        outputSize,
        outputGradient,
        0,
        outputSize,
        parameters,
        layout.headKernelOffset(),
        outputSize,
        hiddenGradientFromAbove[last],
        0,
        lastUnits,
        false);
    for (int l = last; l >= 0; l--) {
      backwardLayer(parameters, l, batch, gradient);
    }
  }

  private void backwardLayer(float[] parameters, int l, SequenceBatch batch, float[] gradient) {
    int units = spec.hiddenSize(l);
    int width = layout.gateWidth(l);
    int inputSize = spec.layerInputSize(l);
    Arrays.fill(hiddenGradientNext, 0, batchSize * units, 0f);
    Arrays.fill(cellGradientNext, 0, batchSize * units, 0f);
    boolean gru = spec.cell() == CellType.GRU;
    float[] recurrentGradient = gru ? recurrentGateGradient[l] : gateGradient[l];
    for (int t = steps - 1; t >= 0; t--) {
      for (int b = 0; b < batchSize; b++) {
        int row = t * batchSize + b;
        switch (spec.cell()) {
          case LSTM -> lstmBackward(l, row, b, units);
          case GRU -> gruBackward(l, row, b, units);
          case RNN -> rnnBackward(l, row, b, units);
        }
      }
      // dh_{t-1} = dZ_t·Uᵀ (plus, for GRU, the direct z⊙dh path already stored by gruBackward).
      Gemm.nt(
          batchSize,
          units,
          width,
          recurrentGradient,
          t * batchSize * width,
          width,
          parameters,
          layout.recurrentKernelOffset(l),
          width,
          hiddenGradientNext,
          0,
          units,
          gru);
    }
    float[] input = l == 0 ? batch.inputs() : hidden[l - 1];
    int inputOffset = l == 0 ? 0 : batchSize * inputSize;
    Gemm.tn(
        inputSize,
        width,
        rows,
        input,
        inputOffset,
        inputSize,
        gateGradient[l],
        0,
        width,
        gradient,
        layout.kernelOffset(l),
        width,
        true);
    Gemm.tn(
        units,
        width,
        rows,
        hidden[l],
        0,
        units,
        recurrentGradient,
        0,
        width,
        gradient,
        layout.recurrentKernelOffset(l),
        width,
        true);
    addColumnSums(gateGradient[l], rows, width, gradient, layout.biasOffset(l));
    if (gru) {
      addColumnSums(recurrentGradient, rows, width, gradient, layout.biasOffset(l) + width);
    }
    if (l > 0) {
      Gemm.nt(
          rows,
          inputSize,
          width,
          gateGradient[l],
          0,
          width,
          parameters,
          layout.kernelOffset(l),
          width,
          hiddenGradientFromAbove[l - 1],
          0,
          inputSize,
          false);
    }
  }

  private void lstmBackward(int l, int row, int b, int units) {
    float[] z = gates[l];
    float[] dz = gateGradient[l];
    int zOff = row * 4 * units;
    int here = row * units;
    int next = b * units;
    for (int u = 0; u < units; u++) {
      float dh = hiddenGradientFromAbove[l][here + u] + hiddenGradientNext[next + u];
      float input = z[zOff + u];
      float forget = z[zOff + units + u];
      float candidate = z[zOff + 2 * units + u];
      float output = z[zOff + 3 * units + u];
      float tanhC = cellTanh[l][here + u];
      float dc = cellGradientNext[next + u] + dh * output * (1f - tanhC * tanhC);
      dz[zOff + u] = dc * candidate * input * (1f - input);
      dz[zOff + units + u] = dc * cell[l][here + u] * forget * (1f - forget);
      dz[zOff + 2 * units + u] = dc * input * (1f - candidate * candidate);
      dz[zOff + 3 * units + u] = dh * tanhC * output * (1f - output);
      cellGradientNext[next + u] = dc * forget;
    }
  }

  private void gruBackward(int l, int row, int b, int units) {
    float[] activated = gates[l];
    float[] recurrent = recurrentGates[l];
    float[] dx = gateGradient[l];
    float[] dr = recurrentGateGradient[l];
    int off = row * 3 * units;
    int here = row * units;
    int next = b * units;
    for (int u = 0; u < units; u++) {
      float dh = hiddenGradientFromAbove[l][here + u] + hiddenGradientNext[next + u];
      float update = activated[off + u];
      float reset = activated[off + units + u];
      float candidate = activated[off + 2 * units + u];
      float previous = hidden[l][here + u];
      float dUpdate = dh * (previous - candidate) * update * (1f - update);
      float dCandidate = dh * (1f - update) * (1f - candidate * candidate);
      float dReset = dCandidate * recurrent[off + 2 * units + u] * reset * (1f - reset);
      dx[off + u] = dUpdate;
      dx[off + units + u] = dReset;
      dx[off + 2 * units + u] = dCandidate;
      dr[off + u] = dUpdate;
      dr[off + units + u] = dReset;
      dr[off + 2 * units + u] = dCandidate * reset;
      hiddenGradientNext[next + u] = dh * update;
    }
  }

  private void rnnBackward(int l, int row, int b, int units) {
    float[] dz = gateGradient[l];
    int here = row * units;
    int next = b * units;
    int outputRow = (row + batchSize) * units;
    boolean relu = spec.activation() == Activation.RELU;
    for (int u = 0; u < units; u++) {
      float dh = hiddenGradientFromAbove[l][here + u] + hiddenGradientNext[next + u];
      float h = hidden[l][outputRow + u];
      dz[here + u] = relu ? (h > 0f ? dh : 0f) : dh * (1f - h * h);
    }
  }

  /**
   * Copies {@code source[offset..offset+width)} into each of {@code count} rows of {@code target}.
   */
  private static void broadcastRows(
      float[] source, int offset, int width, float[] target, int targetOffset, int count) {
    for (int r = 0; r < count; r++) {
      System.arraycopy(source, offset, target, targetOffset + r * width, width);
    }
  }

  private static void addColumnSums(
      float[] matrix, int rowCount, int width, float[] target, int targetOffset) {
    for (int r = 0; r < rowCount; r++) {
      int row = r * width;
      for (int j = 0; j < width; j++) {
        target[targetOffset + j] += matrix[row + j];
      }
    }
  }

  private void checkShapes(Network network, BatchState state, SequenceBatch batch) {
    if (!network.spec().equals(spec)) {
      throw new IllegalArgumentException(
          "network: expected " + spec + " but got " + network.spec());
    }
    if (!state.spec().equals(spec) || state.batchSize() != batchSize) {
      throw new IllegalArgumentException(
          "batch state: expected "
              + batchSize
              + " sequences of "
              + spec
              + " but got "
              + state.batchSize()
              + " of "
              + state.spec());
    }
    if (batch.steps() != steps
        || batch.batchSize() != batchSize
        || batch.inputSize() != spec.inputSize()
        || batch.horizon() != spec.horizon()) {
      throw new IllegalArgumentException(
          "sequence batch: expected steps "
              + steps
              + " × batch "
              + batchSize
              + " × input "
              + spec.inputSize()
              + " (horizon "
              + spec.horizon()
              + ") but got "
              + batch.steps()
              + " × "
              + batch.batchSize()
              + " × "
              + batch.inputSize()
              + " (horizon "
              + batch.horizon()
              + ")");
    }
  }
}
