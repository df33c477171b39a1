package io.nowcast.nn.optim;

import java.nio.ByteBuffer;

/**
 * A first-order optimiser over the one flat parameter buffer. Implementations allocate their state
 * (one or two float arrays as long as the buffer) once, at construction; {@link #step} allocates
 * nothing and is deterministic: the same parameters, gradients and state give the same bits.
 */
public interface Optimizer {

  /**
   * Updates {@code params} in place from {@code grads} (both exactly {@link #parameterCount()}
   * long) and advances {@link #stepCount()} by one.
   *
   * @throws IllegalArgumentException when an array's length is not the parameter count
   */
  void step(float[] params, float[] grads);

  /** Forgets all state (moments and step count), as if newly constructed. */
  void reset();

  /** Steps taken since construction or {@link #reset()} (or as restored by {@link #readFrom}). */
  long stepCount();

  /** Length of the parameter buffer this optimiser was built for. */
  int parameterCount();

  /** The learning rate the next step uses. */
  double learningRate();

  /** Changes the learning rate for subsequent steps (schedules); must be positive and finite. */
  void setLearningRate(double learningRate);

  /** Bytes {@link #writeTo} needs. */
  int serializedSize();

  /**
   * Writes the state (a kind tag, format version, parameter count, step count and moment arrays,
   * little-endian) at the buffer's position, advancing it. Hyperparameters are configuration and
   * are not written.
   *
   * @throws java.nio.BufferOverflowException when fewer than {@link #serializedSize()} bytes remain
   */
  void writeTo(ByteBuffer buffer);

  /**
   * Replaces the state with one written by {@link #writeTo} of the same optimiser kind and
   * parameter count, advancing the buffer's position.
   *
   * @throws IllegalArgumentException when the bytes are of another kind, version or parameter
   *     count, or too few remain
   */
  void readFrom(ByteBuffer buffer);
}
