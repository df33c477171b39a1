package io.nowcast.nn;

/** The recurrent cell of every layer; {@link #gates()} is the number of gate blocks per unit. */
public enum CellType {
  /** Long short-term memory: input, forget, candidate and output blocks (i, f, g, o). */
  LSTM(4),
  /** Gated recurrent unit, Keras {@code reset_after=True} / PyTorch semantics: blocks z, r, n. */
  GRU(3),
  /** Plain (Elman) recurrent layer with one block and a tanh or ReLU activation. */
  RNN(1);

  private final int gates;

  CellType(int gates) {
    this.gates = gates;
  }

  /**
   * Gate blocks per hidden unit: the kernel of a layer with H units has {@code gates() * H}
   * columns.
   */
  public int gates() {
    return gates;
  }
}
