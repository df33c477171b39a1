package io.nowcast.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * The shape of a network: cell type, layer sizes, input width and head. Immutable; validated on
 * construction so that a bad shape fails where it is declared, with the offending field named.
 *
 * @param cell the cell of every layer
 * @param activation the activation of {@link CellType#RNN} layers (ignored by LSTM and GRU)
 * @param inputSize width of the input vector fed at each step (the feature pipeline's output)
 * @param layerSizes hidden units per stacked layer, first layer first; sizes may differ
 * @param horizon number of future steps the head forecasts
 * @param output whether the head also produces a scale per step
 */
public record NetworkSpec(
    CellType cell,
    Activation activation,
    int inputSize,
    int[] layerSizes,
    int horizon,
    OutputKind output) {

  public NetworkSpec {
    Objects.requireNonNull(cell, "cell");
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(layerSizes, "layerSizes");
    requirePositive("inputSize", inputSize);
    requirePositive("horizon", horizon);
    if (layerSizes.length == 0) {
      throw new IllegalArgumentException("layerSizes: at least one layer is required");
    }
    for (int l = 0; l < layerSizes.length; l++) {
      requirePositive("layerSizes[" + l + "]", layerSizes[l]);
    }
    layerSizes = layerSizes.clone();
  }

  /** A spec with the tanh activation (the only one LSTM and GRU use). */
  public static NetworkSpec of(
      CellType cell, int inputSize, int[] layerSizes, int horizon, OutputKind output) {
    return new NetworkSpec(cell, Activation.TANH, inputSize, layerSizes, horizon, output);
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  @Override
  public int[] layerSizes() {
    return layerSizes.clone();
  }

  public int layers() {
    return layerSizes.length;
  }

  public int hiddenSize(int layer) {
    return layerSizes[layer];
  }

  /**
   * Input width of {@code layer}: the network input for layer 0, the previous layer's units after.
   */
  public int layerInputSize(int layer) {
    return layer == 0 ? inputSize : layerSizes[layer - 1];
  }

  public int lastHiddenSize() {
    return layerSizes[layerSizes.length - 1];
  }

  /** Sum of all layers' hidden units: the length of the concatenated hidden state. */
  public int totalHidden() {
    return Arrays.stream(layerSizes).sum();
  }

  /** Width of the head output: {@code horizon * output.valuesPerStep()}. */
  public int outputSize() {
    return horizon * output.valuesPerStep();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NetworkSpec that
        && cell == that.cell
        && activation == that.activation
        && inputSize == that.inputSize
        && Arrays.equals(layerSizes, that.layerSizes)
        && horizon == that.horizon
        && output == that.output;
  }

  @Override
  public int hashCode() {
    return Objects.hash(cell, activation, inputSize, Arrays.hashCode(layerSizes), horizon, output);
  }

  @Override
  public String toString() {
    return cell
        + (cell == CellType.RNN ? "(" + activation + ")" : "")
        + " input="
        + inputSize
        + " layers="
        + Arrays.toString(layerSizes)
        + " horizon="
        + horizon
        + " output="
        + output;
  }
}
