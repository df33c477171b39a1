package io.nowcast.model;

import java.util.Locale;

/**
 * Where imported weights come from; the JSON {@code "format"} field carries the lower-case name.
 */
public enum ImportFormat {
  /** Keras layer weights: input-major kernels, gate order i,f,c,o (LSTM) and z,r,h (GRU). */
  KERAS,
  /** A PyTorch {@code state_dict}: output-major weights, two biases, GRU gate order r,z,n. */
  PYTORCH;

  /** The value of the JSON {@code "format"} field. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
