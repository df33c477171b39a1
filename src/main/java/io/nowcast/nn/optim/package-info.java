/**
 * Training objectives and parameter updates: losses over one output vector, gradient clipping by
 * global norm, and the Adam and RMSprop optimisers.
 *
 * <p><b>Layout.</b> Everything works on flat {@code float[]} buffers. Optimisers update the one
 * parameter buffer of {@code io.nowcast.nn.ParameterLayout} from a gradient buffer of the same
 * length and keep their moments in arrays of that length, allocated once. Losses read one network
 * output vector per (sample, time step): POINT outputs are the horizon means; PROBABILISTIC outputs
 * are the horizon means followed by the horizon raw scales (σ = softplus(raw) + 1e-4), and
 * gradients are written in the same layout. A NaN target means "no observation there": it adds
 * neither loss nor gradient, so gaps and the tail of a series need no special casing.
 *
 * <p><b>Semantics.</b> Adam and RMSprop follow PyTorch's formulas (documented on each class
 * together with where Keras differs); losses return sums, and the caller chooses the averaging
 * through the gradient weight. Clipping follows {@code clip_grad_norm_} / {@code
 * clip_by_global_norm} and refuses a NaN or infinite norm with {@link
 * io.nowcast.nn.optim.NonFiniteGradientException}, so a diverged cycle never reaches the
 * parameters.
 *
 * <p><b>Determinism.</b> No threads and a fixed order of operations everywhere: the same inputs and
 * state give the same bits. Optimiser state serialises to a small little-endian format (kind tag,
 * version, parameter count, step count, moments) so that training resumes exactly.
 */
package io.nowcast.nn.optim;
