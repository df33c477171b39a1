package io.nowcast.nn;

import io.nowcast.nn.kernel.VectorSupport;
import java.util.Objects;

/**
 * A stacked recurrent network with a dense head over one flat parameter buffer (layout: {@link
 * ParameterLayout}, package documentation). Immutable in shape; the parameter array is shared, not
 * copied, so an optimiser updating {@link #parameters()} in place changes what the next step
 * computes. Thread-safe for concurrent {@link #step} calls with separate states and workspaces.
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

  /** Wraps {@code parameters} (not copied) laid out for {@code spec}. */
  public Network(NetworkSpec spec, float[] parameters) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.layout = ParameterLayout.of(spec);
    Objects.requireNonNull(parameters, "parameters");
    if (parameters.length != layout.size()) {
      throw new IllegalArgumentException("parameters: expected " + layout.size() + " floats for " + spec
          + " but got " + parameters.length);
    }
    this.parameters = parameters;
    this.workspaceLength = StepWorkspace.requiredLength(spec);
    this.hiddenTotal = spec.totalHidden();
    this.cellTotal = spec.cell() == CellType.LSTM ? hiddenTotal : 0;
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

  void step(StepKernel kernel, NetworkState state, float[] x, StepWorkspace workspace, float[] out) {
    checkStepArguments(state, x, workspace, out);
    float[] h = state.h();
    float[] gates = workspace.gates;
    float[] input = x;
    int inputOffset = 0;
    int hiddenOffset = 0;
    for (int l = 0; l < spec.layers(); l++) {
      stepLayer(kernel, l, input, inputOffset, state, hiddenOffset, gates);
      input = h;
      inputOffset = hiddenOffset;
      hiddenOffset += spec.hiddenSize(l);
    }
    int outputs = spec.outputSize();
    System.arraycopy(parameters, layout.headBiasOffset(), out, 0, outputs);
    kernel.accumulate(h, inputOffset, spec.lastHiddenSize(), parameters, layout.headKernelOffset(), outputs, out, 0);
  }

  private void stepLayer(StepKernel kernel, int l, float[] input, int inputOffset, NetworkState state,
                         int hiddenOffset, float[] gates) {
    int units = spec.hiddenSize(l);
    int width = layout.gateWidth(l);
    float[] h = state.h();
    System.arraycopy(parameters, layout.biasOffset(l), gates, 0, layout.biasLength(l));
    kernel.accumulate(input, inputOffset, spec.layerInputSize(l), parameters, layout.kernelOffset(l), width, gates, 0);
    // GRU: the recurrent product goes to its own block because the reset gate scales only its n part.
    int recurrentTarget = spec.cell() == CellType.GRU ? width : 0;
    kernel.accumulate(h, hiddenOffset, units, parameters, layout.recurrentKernelOffset(l), width, gates, recurrentTarget);
    switch (spec.cell()) {
      case LSTM -> kernel.lstm(gates, 0, state.c(), hiddenOffset, h, hiddenOffset, units);
      case GRU -> kernel.gru(gates, 0, h, hiddenOffset, units);
      case RNN -> kernel.rnn(gates, 0, h, hiddenOffset, units, spec.activation());
    }
  }

  private void checkStepArguments(NetworkState state, float[] x, StepWorkspace workspace, float[] out) {
    if (x.length != spec.inputSize()) {
      throw new IllegalArgumentException("x: expected " + spec.inputSize() + " inputs but got " + x.length);
    }
    if (out.length < spec.outputSize()) {
      throw new IllegalArgumentException("out: expected at least " + spec.outputSize() + " floats but got " + out.length);
    }
    if (workspace.gates.length < workspaceLength) {
      throw new IllegalArgumentException("workspace: expected " + workspaceLength + " floats for " + spec
          + " but has " + workspace.gates.length);
    }
    if (state.h().length != hiddenTotal || state.c().length != cellTotal) {
      throw new IllegalArgumentException("state: expected h " + hiddenTotal + ", c " + cellTotal + " floats for "
          + spec + " but has h " + state.h().length + ", c " + state.c().length);
    }
  }
}
