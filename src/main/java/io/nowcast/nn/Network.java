package io.nowcast.nn;

import io.nowcast.nn.kernel.VectorSupport;
import java.util.List;
import java.util.Objects;

/**
 * A stacked recurrent network with a dense head over one flat parameter buffer (layout: {@link
 * ParameterLayout}, package documentation). Immutable in shape; the parameter array is shared, not
 * copied, so an optimiser updating {@link #parameters()} in place changes what the next step
 * computes. Thread-safe for concurrent {@link #step} calls with separate states and workspaces.
 *
 * <p>A network built by {@link #forServing} may step a merged seed ensemble block by block (see
 * there); the constructor's network always steps the dense matrices, because a network being
 * trained changes its parameters in place and a block structure found once could stop holding after
 * any update.
 */
public final class Network {
  private static final StepKernel DEFAULT_KERNEL =
      VectorSupport.enabled() ? VectorStepKernel.INSTANCE : ScalarStepKernel.INSTANCE;

  private final NetworkSpec spec;
  private final ParameterLayout layout;
  private final float[] parameters;
  private final int workspaceLength;
  private final int hiddenTotal;
  private final int cellTotal;

  /** M of the block step; 1 steps the dense matrices. */
  private final int blockMembers;

  /** Shape of one block (one ensemble member); null when {@link #blockMembers} is 1. */
  private final NetworkSpec memberSpec;

  private final ParameterLayout memberLayout;

  /**
   * Each member's diagonal blocks, bias and kernels, laid out for {@link #memberSpec}; null when
   * dense.
   */
  private final float[][] memberParameters;

  /**
   * Wraps {@code parameters} (not copied) laid out for {@code spec}. The network steps the dense
   * matrices, so in-place parameter updates (training) take effect at the next step.
   */
  public Network(NetworkSpec spec, float[] parameters) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.layout = ParameterLayout.of(spec);
    Objects.requireNonNull(parameters, "parameters");
    if (parameters.length != layout.size()) {
      throw new IllegalArgumentException(
          "parameters: expected "
              + layout.size()
              + " floats for "
              + spec
              + " but got "
              + parameters.length);
    }
    this.parameters = parameters;
    this.workspaceLength = StepWorkspace.requiredLength(spec);
    this.hiddenTotal = spec.totalHidden();
    this.cellTotal = spec.cell() == CellType.LSTM ? hiddenTotal : 0;
    this.blockMembers = 1;
    this.memberSpec = null;
    this.memberLayout = null;
    this.memberParameters = null;
  }

  private Network(Network dense, int members) {
    this.spec = dense.spec;
    this.layout = dense.layout;
    this.parameters = dense.parameters;
    this.workspaceLength = dense.workspaceLength;
    this.hiddenTotal = dense.hiddenTotal;
    this.cellTotal = dense.cellTotal;
    this.blockMembers = members;
    this.memberSpec = EnsembleMerge.memberSpec(spec, members);
    this.memberLayout = ParameterLayout.of(memberSpec);
    // Copies, so each member's matrices are contiguous for the kernels (the head rows come along
    // unused).
    List<float[]> split = EnsembleMerge.split(memberSpec, members, parameters);
    this.memberParameters = split.toArray(new float[0][]);
  }

  /**
   * A network for serving only: it finds, once, the largest M &gt; 1 for which {@code parameters}
   * are a seed ensemble merged by {@link EnsembleMerge} (every recurrent kernel and every kernel of
   * a layer l &gt; 0 exactly block-diagonal in the merged layout) and then steps each member's
   * blocks alone, skipping the off-diagonal zeros: M times a member's work instead of M² for those
   * matrices. Without such an M it steps the dense matrices like the constructor's network. Outputs
   * and states equal the dense step's (see {@link #blockMembers()}), in both arithmetic paths.
   *
   * <p>The block step works on copies of the diagonal blocks taken here, so the parameters must not
   * change afterwards: never use this for a network that is trained or otherwise updated in place.
   */
  public static Network forServing(NetworkSpec spec, float[] parameters) {
    Network dense = new Network(spec, parameters);
    int members = BlockDiagonal.members(spec, dense.layout, parameters);
    return members == 1 ? dense : new Network(dense, members);
  }

  /** A network with freshly initialised parameters; the same seed always gives the same bits. */
  public static Network initialise(NetworkSpec spec, long seed) {
    return new Network(spec, Initialiser.parameters(spec, seed));
  }

  public NetworkSpec spec() {
    return spec;
  }

  public ParameterLayout layout() {
    return layout;
  }

  /** The live parameter buffer (not a copy). */
  public float[] parameters() {
    return parameters;
  }

  /**
   * M of the block step: the number of diagonal blocks {@link #forServing} found, 1 for a network
   * that steps the dense matrices (every network from the constructor).
   *
   * <p>Why the block step gives the dense step's values: the terms it skips are fma(x, ±0, acc) on
   * finite x, which return acc unchanged, except that a zero acc may come back as a zero of the
   * other sign. The step's operations (+, ×, fma, abs, clamps to non-zero bounds, max(z, 0) = +0
   * for either zero, comparisons, divisions by values ≥ 1, tanh(±0) = ±0) turn a zero's sign into
   * nothing but another zero's sign, so no non-zero value of h, c or the output can differ, equal
   * values compare equal, and a serialised state could differ at most in such a sign bit. The only
   * non-finite hidden values a step can see come from a ReLU RNN overflowing, where the dense step
   * would turn the skipped 0 · ∞ into NaN; such a forecast is meaningless in either path.
   */
  public int blockMembers() {
    return blockMembers;
  }

  /** True when the Vector API path is in use (else the bit-identical scalar path). */
  public static boolean vectorised() {
    return DEFAULT_KERNEL != ScalarStepKernel.INSTANCE;
  }

  public NetworkState newState() {
    return new NetworkState(spec);
  }

  public StepWorkspace newWorkspace() {
    return new StepWorkspace(spec);
  }

  /**
   * One time step: feeds {@code x} (length {@code inputSize}) through every layer, updating {@code
   * state} in place, and writes the head output ({@code outputSize} floats) into {@code out}.
   * Allocation-free.
   */
  public void step(NetworkState state, float[] x, StepWorkspace workspace, float[] out) {
    step(DEFAULT_KERNEL, state, x, workspace, out);
  }

  void step(
      StepKernel kernel, NetworkState state, float[] x, StepWorkspace workspace, float[] out) {
    checkStepArguments(state, x, workspace, out);
    float[] h = state.h();
    float[] gates = workspace.gates;
    float[] input = x;
    int inputOffset = 0;
    int hiddenOffset = 0;
    for (int l = 0; l < spec.layers(); l++) {
      if (blockMembers == 1) {
        stepLayer(kernel, l, input, inputOffset, state, hiddenOffset, gates);
      } else {
        stepLayerBlocks(kernel, l, input, inputOffset, state, hiddenOffset, gates);
      }
      input = h;
      inputOffset = hiddenOffset;
      hiddenOffset += spec.hiddenSize(l);
    }
    int outputs = spec.outputSize();
    System.arraycopy(parameters, layout.headBiasOffset(), out, 0, outputs);
    kernel.accumulate(
        h,
        inputOffset,
        spec.lastHiddenSize(),
        parameters,
        layout.headKernelOffset(),
        outputs,
        out,
        0);
  }

  private void stepLayer(
      StepKernel kernel,
      int l,
      float[] input,
      int inputOffset,
      NetworkState state,
      int hiddenOffset,
      float[] gates) {
    int units = spec.hiddenSize(l);
    int width = layout.gateWidth(l);
    float[] h = state.h();
    System.arraycopy(parameters, layout.biasOffset(l), gates, 0, layout.biasLength(l));
    kernel.accumulate(
        input,
        inputOffset,
        spec.layerInputSize(l),
        parameters,
        layout.kernelOffset(l),
        width,
        gates,
        0);
    // GRU: the recurrent product goes to its own block because the reset gate scales only its n
    // part.
    int recurrentTarget = spec.cell() == CellType.GRU ? width : 0;
    kernel.accumulate(
        h,
        hiddenOffset,
        units,
        parameters,
        layout.recurrentKernelOffset(l),
        width,
        gates,
        recurrentTarget);
    updateCells(kernel, gates, state, hiddenOffset, units);
  }

  /**
   * Layer l member by member: member m's pre-activations from its own bias, its own kernel rows
   * over the layer input (layer 0: the whole input; above: member m's slice of the layer below) and
   * its recurrent block over its slice of h. Per element the kernels perform the dense step's
   * operations minus the off-diagonal zero terms, in the same order. Member-sized gates fit in the
   * merged workspace, scratch included.
   */
  private void stepLayerBlocks(
      StepKernel kernel,
      int l,
      float[] input,
      int inputOffset,
      NetworkState state,
      int hiddenOffset,
      float[] gates) {
    int units = memberSpec.hiddenSize(l);
    int rows = memberSpec.layerInputSize(l);
    int width = memberLayout.gateWidth(l);
    int recurrentTarget = spec.cell() == CellType.GRU ? width : 0;
    float[] h = state.h();
    for (int m = 0; m < blockMembers; m++) {
      float[] member = memberParameters[m];
      int inputStart = l == 0 ? inputOffset : inputOffset + m * rows;
      int hiddenStart = hiddenOffset + m * units;
      System.arraycopy(member, memberLayout.biasOffset(l), gates, 0, memberLayout.biasLength(l));
      kernel.accumulate(
          input, inputStart, rows, member, memberLayout.kernelOffset(l), width, gates, 0);
      kernel.accumulate(
          h,
          hiddenStart,
          units,
          member,
          memberLayout.recurrentKernelOffset(l),
          width,
          gates,
          recurrentTarget);
      updateCells(kernel, gates, state, hiddenStart, units);
    }
  }

  /**
   * The cell update of {@code units} units from the pre-activations in {@code gates}, writing h
   * (and c) there.
   */
  private void updateCells(
      StepKernel kernel, float[] gates, NetworkState state, int hiddenStart, int units) {
    float[] h = state.h();
    switch (spec.cell()) {
      case LSTM -> kernel.lstm(gates, 0, state.c(), hiddenStart, h, hiddenStart, units);
      case GRU -> kernel.gru(gates, 0, h, hiddenStart, units);
      case RNN -> kernel.rnn(gates, 0, h, hiddenStart, units, spec.activation());
    }
  }

  private void checkStepArguments(
      NetworkState state, float[] x, StepWorkspace workspace, float[] out) {
    if (x.length != spec.inputSize()) {
      throw new IllegalArgumentException(
          "x: expected " + spec.inputSize() + " inputs but got " + x.length);
    }
    if (out.length < spec.outputSize()) {
      throw new IllegalArgumentException(
          "out: expected at least " + spec.outputSize() + " floats but got " + out.length);
    }
    if (workspace.gates.length < workspaceLength) {
      throw new IllegalArgumentException(
          "workspace: expected "
              + workspaceLength
              + " floats for "
              + spec
              + " but has "
              + workspace.gates.length);
    }
    if (state.h().length != hiddenTotal || state.c().length != cellTotal) {
      throw new IllegalArgumentException(
          "state: expected h "
              + hiddenTotal
              + ", c "
              + cellTotal
              + " floats for "
              + spec
              + " but has h "
              + state.h().length
              + ", c "
              + state.c().length);
    }
  }
}
