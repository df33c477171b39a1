package io.nowcast.model;

import io.nowcast.nn.NetworkSpec;

/**
 * Weights read from a Keras or PyTorch export, converted to our shape and flat layout.
 *
 * @param spec the network shape the file describes
 * @param parameters the flat parameter buffer in the layout of {@link
 *     io.nowcast.nn.ParameterLayout}
 */
public record ImportedNetwork(NetworkSpec spec, float[] parameters) {}
