package io.nowcast.model;

import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.ParameterLayout;

/**
 * Fills a flat parameter buffer tensor by tensor in the layout of {@link ParameterLayout}; the
 * importers hand it matrices already in our orientation (input-major kernels, our gate order).
 */
final class ParameterWriter {
  private final ParameterLayout layout;
  private final float[] parameters;

  ParameterWriter(NetworkSpec spec) {
    this.layout = ParameterLayout.of(spec);
    this.parameters = new float[layout.size()];
  }

  void kernel(int layer, float[][] inputMajor) {
    putRows(layout.kernelOffset(layer), inputMajor);
  }

  void recurrentKernel(int layer, float[][] hiddenMajor) {
    putRows(layout.recurrentKernelOffset(layer), hiddenMajor);
  }

  /** The layer's bias: {@code G·H} values, or both GRU rows concatenated ({@code 2·3·H}). */
  void bias(int layer, float[] bias) {
    System.arraycopy(bias, 0, parameters, layout.biasOffset(layer), layout.biasLength(layer));
  }

  void headKernel(float[][] hiddenMajor) {
    putRows(layout.headKernelOffset(), hiddenMajor);
  }

  void headBias(float[] bias) {
    System.arraycopy(bias, 0, parameters, layout.headBiasOffset(), layout.headBiasLength());
  }

  float[] parameters() {
    return parameters;
  }

  private void putRows(int offset, float[][] rows) {
    int position = offset;
    for (float[] row : rows) {
      System.arraycopy(row, 0, parameters, position, row.length);
      position += row.length;
    }
  }
}
