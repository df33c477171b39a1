/**
 * Training objectives and optimisers over the flat parameter buffer of {@link io.nowcast.nn.Network}.
 * A {@link io.nowcast.nn.optim.LossFunction} scores one head output vector against its horizon
 * targets and writes the gradient with respect to that output; NaN targets contribute nothing.
 */
package io.nowcast.nn.optim;
