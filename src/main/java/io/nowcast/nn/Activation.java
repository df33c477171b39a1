package io.nowcast.nn;

/** Output activation of a plain {@link CellType#RNN} layer (LSTM and GRU fix their own). */
public enum Activation {
  TANH,
  RELU
}
