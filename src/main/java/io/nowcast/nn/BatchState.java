package io.nowcast.nn;

import java.util.Arrays;

/**
 * Recurrent state of a batch of sequences for stateful truncated BPTT: per layer, h (and c for
 * LSTM) as {@code batchSize × H_l} row-major matrices. {@link Backprop} reads it at the start of a
 * chunk and leaves the end-of-chunk state in it; gradients never flow through it.
 */
public final class BatchState {
  private final NetworkSpec spec;
  private final int batchSize;
  private final float[][] h;
  private final float[][] c;

  public BatchState(NetworkSpec spec, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
    }
    this.spec = spec;
    this.batchSize = batchSize;
    int layers = spec.layers();
    h = new float[layers][];
    c = new float[layers][];
    for (int l = 0; l < layers; l++) {
      h[l] = new float[batchSize * spec.hiddenSize(l)];
      c[l] = new float[spec.cell() == CellType.LSTM ? batchSize * spec.hiddenSize(l) : 0];
    }
  }

  public NetworkSpec spec() {
    return spec;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Live {@code batchSize × H_l} hidden matrix of layer {@code l}. */
  public float[] h(int l) {
    return h[l];
  }

  /** Live {@code batchSize × H_l} cell matrix of layer {@code l} (length 0 unless LSTM). */
  public float[] c(int l) {
    return c[l];
  }

  /** Zeroes the state of sequence {@code row} (a new segment starts there). */
  public void reset(int row) {
    checkRow(row);
    for (int l = 0; l < h.length; l++) {
      int units = spec.hiddenSize(l);
      Arrays.fill(h[l], row * units, (row + 1) * units, 0f);
      if (c[l].length > 0) {
        Arrays.fill(c[l], row * units, (row + 1) * units, 0f);
      }
    }
  }

  public void resetAll() {
    for (int l = 0; l < h.length; l++) {
      Arrays.fill(h[l], 0f);
      Arrays.fill(c[l], 0f);
    }
  }

  /** Copies sequence {@code row}'s state into a single-sequence {@link NetworkState}. */
  public void copyRowTo(int row, NetworkState target) {
    transferRow(row, target, true);
  }

  /** Sets sequence {@code row}'s state from a single-sequence {@link NetworkState}. */
  public void copyRowFrom(NetworkState source, int row) {
    transferRow(row, source, false);
  }

  private void transferRow(int row, NetworkState single, boolean toSingle) {
    checkRow(row);
    if (single.h().length != spec.totalHidden()) {
      throw new IllegalArgumentException(
          "network state: expected h of "
              + spec.totalHidden()
              + " floats but got "
              + single.h().length);
    }
    int offset = 0;
    for (int l = 0; l < h.length; l++) {
      int units = spec.hiddenSize(l);
      copy(h[l], row * units, single.h(), offset, units, toSingle);
      if (c[l].length > 0) {
        copy(c[l], row * units, single.c(), offset, units, toSingle);
      }
      offset += units;
    }
  }

  private static void copy(
      float[] batch,
      int batchOffset,
      float[] single,
      int singleOffset,
      int length,
      boolean toSingle) {
    if (toSingle) {
      System.arraycopy(batch, batchOffset, single, singleOffset, length);
    } else {
      System.arraycopy(single, singleOffset, batch, batchOffset, length);
    }
  }

  private void checkRow(int row) {
    if (row < 0 || row >= batchSize) {
      throw new IndexOutOfBoundsException("row " + row + " outside batch of " + batchSize);
    }
  }
}
