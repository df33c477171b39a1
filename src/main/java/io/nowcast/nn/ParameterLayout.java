package io.nowcast.nn;

/**
 * Offsets of every tensor inside the one flat parameter buffer (see the package documentation for
 * the layout). Pure arithmetic on a {@link NetworkSpec}; shared by the network, the importers and
 * the trainer so that nobody computes an offset twice.
 */
public final class ParameterLayout {
  private final NetworkSpec spec;
  private final int[] kernelOffsets;
  private final int[] recurrentOffsets;
  private final int[] biasOffsets;
  private final int headKernelOffset;
  private final int headBiasOffset;
  private final int size;

  private ParameterLayout(NetworkSpec spec) {
    this.spec = spec;
    int layers = spec.layers();
    kernelOffsets = new int[layers];
    recurrentOffsets = new int[layers];
    biasOffsets = new int[layers];
    int offset = 0;
    for (int l = 0; l < layers; l++) {
      kernelOffsets[l] = offset;
      offset += kernelLength(l);
      recurrentOffsets[l] = offset;
      offset += recurrentKernelLength(l);
      biasOffsets[l] = offset;
      offset += biasLength(l);
    }
    headKernelOffset = offset;
    offset += headKernelLength();
    headBiasOffset = offset;
    offset += spec.outputSize();
    size = offset;
  }

  public static ParameterLayout of(NetworkSpec spec) {
    return new ParameterLayout(spec);
  }

  public NetworkSpec spec() {
    return spec;
  }

  /** Total number of float parameters. */
  public int size() {
    return size;
  }

  /** Columns of layer {@code l}'s kernels: gate blocks times hidden units. */
  public int gateWidth(int l) {
    return spec.cell().gates() * spec.hiddenSize(l);
  }

  public int kernelOffset(int l) {
    return kernelOffsets[l];
  }

  /** Input-major kernel {@code I_l x G*H_l} (Keras' {@code kernel}). */
  public int kernelLength(int l) {
    return spec.layerInputSize(l) * gateWidth(l);
  }

  public int recurrentKernelOffset(int l) {
    return recurrentOffsets[l];
  }

  /** Recurrent kernel {@code H_l x G*H_l} (Keras' {@code recurrent_kernel}). */
  public int recurrentKernelLength(int l) {
    return spec.hiddenSize(l) * gateWidth(l);
  }

  public int biasOffset(int l) {
    return biasOffsets[l];
  }

  /** {@code G*H_l}; GRU keeps an input and a recurrent bias row: {@code 2 * 3*H_l}. */
  public int biasLength(int l) {
    int rows = spec.cell() == CellType.GRU ? 2 : 1;
    return rows * gateWidth(l);
  }

  public int headKernelOffset() {
    return headKernelOffset;
  }

  /** Head kernel {@code H_last x outputSize} (Keras Dense {@code kernel}). */
  public int headKernelLength() {
    return spec.lastHiddenSize() * spec.outputSize();
  }

  public int headBiasOffset() {
    return headBiasOffset;
  }

  public int headBiasLength() {
    return spec.outputSize();
  }
}
