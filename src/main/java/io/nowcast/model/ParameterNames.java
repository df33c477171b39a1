package io.nowcast.model;

import io.nowcast.nn.CellType;
import io.nowcast.nn.ParameterLayout;

/**
 * Names a position of the flat parameter buffer the way a user knows the tensor (Keras names:
 * {@code layers[1].recurrent_kernel[3][7]}, {@code head.bias[0]}), so that an error about one
 * weight can be traced back to the file it came from.
 */
final class ParameterNames {
  private ParameterNames() {}

  static String describe(ParameterLayout layout, int index) {
    if (index < 0 || index >= layout.size()) {
      throw new IndexOutOfBoundsException(
          "parameter index " + index + " outside [0, " + layout.size() + ")");
    }
    if (index >= layout.headBiasOffset()) {
      return "head.bias[" + (index - layout.headBiasOffset()) + "]";
    }
    if (index >= layout.headKernelOffset()) {
      return "head.kernel" + cell(index - layout.headKernelOffset(), layout.headBiasLength());
    }
    int l = layerOf(layout, index);
    String layer = "layers[" + l + "].";
    int width = layout.gateWidth(l);
    if (index >= layout.biasOffset(l)) {
      int offset = index - layout.biasOffset(l);
      boolean twoRows = layout.spec().cell() == CellType.GRU;
      return layer + "bias" + (twoRows ? cell(offset, width) : "[" + offset + "]");
    }
    if (index >= layout.recurrentKernelOffset(l)) {
      return layer + "recurrent_kernel" + cell(index - layout.recurrentKernelOffset(l), width);
    }
    return layer + "kernel" + cell(index - layout.kernelOffset(l), width);
  }

  private static int layerOf(ParameterLayout layout, int index) {
    int l = layout.spec().layers() - 1;
    while (layout.kernelOffset(l) > index) {
      l--;
    }
    return l;
  }

  private static String cell(int offset, int columns) {
    return "[" + offset / columns + "][" + offset % columns + "]";
  }
}
