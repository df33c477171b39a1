package io.nowcast.nn;

import java.util.Arrays;

/**
 * One training chunk: {@code steps} consecutive time steps of {@code batchSize} sequences,
 * time-major. Inputs are {@code steps × batchSize × inputSize} and targets {@code steps × batchSize
 * × horizon} flat floats; the row of step t, sequence b is {@code t·batchSize + b}. A NaN target
 * means "no target here" (a gap, or the end of the known future) and contributes no loss.
 */
public final class SequenceBatch {
  private final int steps;
  private final int batchSize;
  private final int inputSize;
  private final int horizon;
  private final float[] inputs;
  private final float[] targets;

  /** An empty batch: inputs 0, every target NaN. */
  public SequenceBatch(int steps, int batchSize, int inputSize, int horizon) {
    this(
        steps,
        batchSize,
        inputSize,
        horizon,
        new float[checkedProduct(steps, batchSize, inputSize)],
        nanFilled(checkedProduct(steps, batchSize, horizon)));
  }

  /** Wraps existing arrays (not copied) after checking their lengths. */
  public SequenceBatch(
      int steps, int batchSize, int inputSize, int horizon, float[] inputs, float[] targets) {
    requireLength(
        "inputs",
        inputs,
        checkedProduct(steps, batchSize, inputSize),
        "steps × batchSize × inputSize");
    requireLength(
        "targets",
        targets,
        checkedProduct(steps, batchSize, horizon),
        "steps × batchSize × horizon");
    this.steps = steps;
    this.batchSize = batchSize;
    this.inputSize = inputSize;
    this.horizon = horizon;
    this.inputs = inputs;
    this.targets = targets;
  }

  private static int checkedProduct(int steps, int batchSize, int width) {
    if (steps <= 0 || batchSize <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "sequence batch: steps, batchSize and width must be positive, were "
              + steps
              + ", "
              + batchSize
              + ", "
              + width);
    }
    return Math.multiplyExact(Math.multiplyExact(steps, batchSize), width);
  }

  private static float[] nanFilled(int length) {
    float[] values = new float[length];
    Arrays.fill(values, Float.NaN);
    return values;
  }

  private static void requireLength(String name, float[] values, int expected, String shape) {
    if (values.length != expected) {
      throw new IllegalArgumentException(
          name + ": expected " + expected + " floats (" + shape + ") but got " + values.length);
    }
  }

  public int steps() {
    return steps;
  }

  public int batchSize() {
    return batchSize;
  }

  public int inputSize() {
    return inputSize;
  }

  public int horizon() {
    return horizon;
  }

  /** The live input array. */
  public float[] inputs() {
    return inputs;
  }

  /** The live target array. */
  public float[] targets() {
    return targets;
  }

  /** Index of the first input of step {@code t}, sequence {@code b}. */
  public int inputOffset(int t, int b) {
    return (t * batchSize + b) * inputSize;
  }

  /** Index of the first target of step {@code t}, sequence {@code b}. */
  public int targetOffset(int t, int b) {
    return (t * batchSize + b) * horizon;
  }
}
