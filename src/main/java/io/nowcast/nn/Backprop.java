package io.nowcast.nn;

import io.nowcast.nn.kernel.Gemm;
import io.nowcast.nn.optim.LossFunction;
import java.util.Arrays;
import java.util.function.IntConsumer;

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
 * <p><b>Data-parallel, with the bits of one thread.</b> Given a {@link WorkerTeam}, a chunk runs in
 * two phases. First each worker takes a fixed, contiguous share of the batch's sequences (lanes)
 * through the whole forward pass, the loss and back-propagation through time: lanes never interact
 * there, and every element of a {@link Gemm} product is one FMA chain over its inner dimension, so
 * a lane's numbers do not depend on which other lanes share its products. Then the weight
 * gradients, the only sums across lanes, are reduced: each worker computes a fixed share of the
 * gradient's rows (and bias columns), each element still one chain over all {@code steps ×
 * batchSize} rows in row order. The chunk loss is summed per row, in row order, after both phases.
 * Every number is therefore computed by the same operations in the same order whatever the number
 * of workers: the result is bit-identical for 1, 2 or 16 threads.
 *
 * <p>An instance holds the caches for one chunk shape and is reused across chunks; one caller at a
 * time.
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

  /**
   * Per lane, the gradient w.r.t. h (and c) flowing back from the next step: lane b at b·{@link
   * #laneStride}, a stride of the widest layer so that workers in different layers never share a
   * float.
   */
  private final float[] hiddenGradientNext;

  private final float[] cellGradientNext;
  private final int laneStride;

  /** Per row (t·batchSize + b): the loss summed over the row's targets. */
  private final double[] rowLoss;

  /** Runs the phases of a chunk; a team of one runs everything on the calling thread. */
  private final WorkerTeam team;

  /** Workers a chunk uses, at most the team's size and the batch size. */
  private int workers = 1;

  // The chunk being computed, for the phase tasks (set before each run, so running allocates no
  // capturing lambda).
  private float[] chunkParameters;
  private BatchState chunkState;
  private SequenceBatch chunkBatch;
  private LossFunction chunkLoss;
  private float chunkWeight;
  private float[] chunkGradient;
  private final IntConsumer forwardPhase = this::forwardShare;
  private final IntConsumer backwardPhase = this::forwardBackwardShare;
  private final IntConsumer gradientPhase = this::weightGradientShare;

  /**
   * Caches for chunks of {@code steps} time steps × {@code batchSize} sequences of networks shaped
   * like {@code spec}, computed on the calling thread.
   */
  public Backprop(NetworkSpec spec, int steps, int batchSize) {
    this(spec, steps, batchSize, null);
  }

  /**
   * Like {@link #Backprop(NetworkSpec, int, int)}, with the chunks split over {@link
   * #useWorkers(int) up to} {@code team.size()} workers of {@code team} (null: the calling thread
   * alone). The team stays the caller's to close.
   */
  public Backprop(NetworkSpec spec, int steps, int batchSize, WorkerTeam team) {
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
    laneStride = widest;
    hiddenGradientNext = new float[batchSize * widest];
    cellGradientNext = new float[batchSize * widest];
    rowLoss = new double[rows];
    this.team = team;
  }

  /**
   * Sets how many of the team's workers the next chunks use: {@code count}, but at most the team's
   * size and the batch size (a worker needs a lane). The results do not depend on it.
   *
   * @throws IllegalArgumentException when count is below 1
   */
  public void useWorkers(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("workers must be >= 1, was " + count);
    }
    int available = team == null ? 1 : team.size();
    workers = Math.min(count, Math.min(available, batchSize));
  }

  /** Workers the chunks use (see {@link #useWorkers}). */
  public int workers() {
    return workers;
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
    prepare(network.parameters(), state, batch, null, 0f, null);
    runPhase(forwardPhase);
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
    int targets = countTargets(batch.targets());
    if (targets == 0) {
      forward(network, state, batch, null);
      return 0;
    }
    checkShapes(network, state, batch);
    float weight = 1f / targets;
    prepare(network.parameters(), state, batch, loss, weight, gradients.values());
    runPhase(backwardPhase);
    runPhase(gradientPhase);
    double total = 0;
    for (int row = 0; row < rows; row++) {
      total += rowLoss[row];
    }
    return total * weight;
  }

  private void prepare(
      float[] parameters,
      BatchState state,
      SequenceBatch batch,
      LossFunction loss,
      float weight,
      float[] gradient) {
    chunkParameters = parameters;
    chunkState = state;
    chunkBatch = batch;
    chunkLoss = loss;
    chunkWeight = weight;
    chunkGradient = gradient;
  }

  private void runPhase(IntConsumer phase) {
    if (workers == 1) {
      phase.accept(0);
    } else {
      team.run(workers, phase);
    }
  }

  /** First lane of worker {@code worker}'s share (its last is the next worker's first − 1). */
  private int firstLane(int worker) {
    return share(batchSize, worker);
  }

  /** Start of worker {@code worker}'s share of {@code total} items split over the workers. */
  private int share(int total, int worker) {
    return (int) ((long) total * worker / workers);
  }

  private void forwardShare(int worker) {
    forwardLanes(firstLane(worker), firstLane(worker + 1));
  }

  private void forwardBackwardShare(int worker) {
    int from = firstLane(worker);
    int to = firstLane(worker + 1);
    forwardLanes(from, to);
    outputGradients(from, to);
    backwardLanes(from, to);
  }

  /*
   * The rows of lanes [from, to) as blocks of consecutive rows: all rows at once when the lanes are
   * the whole batch, otherwise one block per step (rows are time-major).
   */

  private int blocks(int from, int to) {
    return from == 0 && to == batchSize ? 1 : steps;
  }

  private int blockStart(int block, int from, int to) {
    return blocks(from, to) == 1 ? 0 : block * batchSize + from;
  }

  private int blockRows(int from, int to) {
    return blocks(from, to) == 1 ? rows : to - from;
  }

  private void forwardLanes(int from, int to) {
    float[] input = chunkBatch.inputs();
    int inputOffset = 0;
    for (int l = 0; l < spec.layers(); l++) {
      forwardLayer(l, input, inputOffset, from, to);
      input = hidden[l];
      inputOffset = batchSize * spec.hiddenSize(l);
    }
    int outputSize = spec.outputSize();
    int lastUnits = spec.lastHiddenSize();
    int count = blockRows(from, to);
    for (int block = 0; block < blocks(from, to); block++) {
      int first = blockStart(block, from, to);
      broadcastRows(
          chunkParameters, layout.headBiasOffset(), outputSize, outputs, first * outputSize, count);
      Gemm.nn(
          count,
          outputSize,
          lastUnits,
          input,
          inputOffset + first * lastUnits,
          lastUnits,
          chunkParameters,
          layout.headKernelOffset(),
          outputSize,
          outputs,
          first * outputSize,
          outputSize,
          true);
    }
  }

  private void forwardLayer(int l, float[] input, int inputOffset, int from, int to) {
    int units = spec.hiddenSize(l);
    int width = layout.gateWidth(l);
    int inputSize = spec.layerInputSize(l);
    float[] layerGates = gates[l];
    int count = blockRows(from, to);
    for (int block = 0; block < blocks(from, to); block++) {
      int first = blockStart(block, from, to);
      broadcastRows(chunkParameters, layout.biasOffset(l), width, layerGates, first * width, count);
      Gemm.nn(
          count,
          width,
          inputSize,
          input,
          inputOffset + first * inputSize,
          inputSize,
          chunkParameters,
          layout.kernelOffset(l),
          width,
          layerGates,
          first * width,
          width,
          true);
    }
    int laneStart = from * units;
    int laneLength = (to - from) * units;
    boolean lstm = spec.cell() == CellType.LSTM;
    System.arraycopy(chunkState.h(l), laneStart, hidden[l], laneStart, laneLength);
    if (lstm) {
      System.arraycopy(chunkState.c(l), laneStart, cell[l], laneStart, laneLength);
    }
    for (int t = 0; t < steps; t++) {
      forwardStep(l, t, from, to);
    }
    System.arraycopy(hidden[l], rows * units + laneStart, chunkState.h(l), laneStart, laneLength);
    if (lstm) {
      System.arraycopy(cell[l], rows * units + laneStart, chunkState.c(l), laneStart, laneLength);
    }
  }

  private void forwardStep(int l, int t, int from, int to) {
    int units = spec.hiddenSize(l);
    int width = layout.gateWidth(l);
    int firstRow = t * batchSize + from;
    int gateRow = firstRow * width;
    float[] target = gates[l];
    if (spec.cell() == CellType.GRU) {
      target = recurrentGates[l];
      broadcastRows(
          chunkParameters, layout.biasOffset(l) + width, width, target, gateRow, to - from);
    }
    Gemm.nn(
        to - from,
        width,
        units,
        hidden[l],
        firstRow * units,
        units,
        chunkParameters,
        layout.recurrentKernelOffset(l),
        width,
        target,
        gateRow,
        width,
        true);
    for (int b = from; b < to; b++) {
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

  /**
   * Loss and output gradient of the rows of lanes [from, to); row losses go to {@link #rowLoss}.
   */
  private void outputGradients(int from, int to) {
    int outputSize = spec.outputSize();
    int horizon = spec.horizon();
    float[] targets = chunkBatch.targets();
    for (int t = 0; t < steps; t++) {
      int firstRow = t * batchSize + from;
      Arrays.fill(outputGradient, firstRow * outputSize, (firstRow + to - from) * outputSize, 0f);
      for (int row = firstRow; row < firstRow + to - from; row++) {
        rowLoss[row] =
            chunkLoss.accumulate(
                outputs,
                row * outputSize,
                targets,
                row * horizon,
                horizon,
                outputGradient,
                row * outputSize,
                chunkWeight);
      }
    }
  }

  /** Back-propagation through time of lanes [from, to): every gradient but the weights'. */
  private void backwardLanes(int from, int to) {
    int last = spec.layers() - 1;
    int lastUnits = spec.lastHiddenSize();
    int outputSize = spec.outputSize();
    int count = blockRows(from, to);
    for (int block = 0; block < blocks(from, to); block++) {
      int first = blockStart(block, from, to);
      Gemm.nt(
          count,
          lastUnits,
          outputSize,
          outputGradient,
          first * outputSize,
          outputSize,
          chunkParameters,
          layout.headKernelOffset(),
          outputSize,
          hiddenGradientFromAbove[last],
          first * lastUnits,
          lastUnits,
          false);
    }
    for (int l = last; l >= 0; l--) {
      backwardLayer(l, from, to);
    }
  }

  private void backwardLayer(int l, int from, int to) {
    int units = spec.hiddenSize(l);
    int width = layout.gateWidth(l);
    Arrays.fill(hiddenGradientNext, from * laneStride, to * laneStride, 0f);
    Arrays.fill(cellGradientNext, from * laneStride, to * laneStride, 0f);
    boolean gru = spec.cell() == CellType.GRU;
    float[] recurrentGradient = gru ? recurrentGateGradient[l] : gateGradient[l];
    for (int t = steps - 1; t >= 0; t--) {
      for (int b = from; b < to; b++) {
        int row = t * batchSize + b;
        switch (spec.cell()) {
          case LSTM -> lstmBackward(l, row, b, units);
          case GRU -> gruBackward(l, row, b, units);
          case RNN -> rnnBackward(l, row, b, units);
        }
      }
      // dh_{t-1} = dZ_t·Uᵀ (plus, for GRU, the direct z⊙dh path already stored by gruBackward).
      Gemm.nt(
          to - from,
          units,
          width,
          recurrentGradient,
          (t * batchSize + from) * width,
          width,
          chunkParameters,
          layout.recurrentKernelOffset(l),
          width,
          hiddenGradientNext,
          from * laneStride,
          laneStride,
          gru);
    }
    if (l > 0) {
      int inputSize = spec.layerInputSize(l);
      int count = blockRows(from, to);
      for (int block = 0; block < blocks(from, to); block++) {
        int first = blockStart(block, from, to);
        Gemm.nt(
            count,
            inputSize,
            width,
            gateGradient[l],
            first * width,
            width,
            chunkParameters,
            layout.kernelOffset(l),
            width,
            hiddenGradientFromAbove[l - 1],
            first * inputSize,
            inputSize,
            false);
      }
    }
  }

  /**
   * Worker {@code worker}'s share of the weight gradients: its rows of every kernel's gradient
   * ({@code Xᵀ·dZ}, {@code H_prevᵀ·dZ}, the head's) and its columns of every bias gradient, each
   * element summed over all rows of the chunk in row order.
   */
  private void weightGradientShare(int worker) {
    int lastUnits = spec.lastHiddenSize();
    int outputSize = spec.outputSize();
    kernelGradient(
        worker,
        lastUnits,
        outputSize,
        hidden[spec.layers() - 1],
        batchSize * lastUnits,
        outputGradient,
        layout.headKernelOffset());
    biasGradient(worker, outputGradient, outputSize, layout.headBiasOffset());
    for (int l = 0; l < spec.layers(); l++) {
      int units = spec.hiddenSize(l);
      int width = layout.gateWidth(l);
      int inputSize = spec.layerInputSize(l);
      boolean gru = spec.cell() == CellType.GRU;
      float[] recurrentGradient = gru ? recurrentGateGradient[l] : gateGradient[l];
      float[] input = l == 0 ? chunkBatch.inputs() : hidden[l - 1];
      int inputOffset = l == 0 ? 0 : batchSize * inputSize;
      kernelGradient(
          worker, inputSize, width, input, inputOffset, gateGradient[l], layout.kernelOffset(l));
      kernelGradient(
          worker, units, width, hidden[l], 0, recurrentGradient, layout.recurrentKernelOffset(l));
      biasGradient(worker, gateGradient[l], width, layout.biasOffset(l));
      if (gru) {
        biasGradient(worker, recurrentGradient, width, layout.biasOffset(l) + width);
      }
    }
  }

  /**
   * Rows [share(m, worker), share(m, worker + 1)) of the m × width gradient at {@code target}: the
   * inputs' (rows × m at {@code inputOffset}) transpose times the rows × width {@code delta}.
   */
  private void kernelGradient(
      int worker, int m, int width, float[] input, int inputOffset, float[] delta, int target) {
    int from = share(m, worker);
    int to = share(m, worker + 1);
    Gemm.tn(
        to - from,
        width,
        rows,
        input,
        inputOffset + from,
        m,
        delta,
        0,
        width,
        chunkGradient,
        target + from * width,
        width,
        true);
  }

  /** Columns [share(width, worker), …) of a bias gradient: {@code delta}'s column sums. */
  private void biasGradient(int worker, float[] delta, int width, int target) {
    int from = share(width, worker);
    int to = share(width, worker + 1);
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      for (int j = from; j < to; j++) {
        chunkGradient[target + j] += delta[row + j];
      }
    }
  }

  private void lstmBackward(int l, int row, int b, int units) {
    float[] z = gates[l];
    float[] dz = gateGradient[l];
    int zOff = row * 4 * units;
    int here = row * units;
    int next = b * laneStride;
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
    int next = b * laneStride;
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
    int next = b * laneStride;
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
