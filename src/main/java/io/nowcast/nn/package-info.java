/**
 * The recurrent-network core: LSTM, GRU and plain RNN cells stacked into a {@link
 * io.nowcast.nn.Network} with a dense head, one allocation-free inference {@link
 * io.nowcast.nn.Network#step step}, and batched training by stateful truncated backpropagation
 * through time ({@link io.nowcast.nn.Backprop}). Depends on the JDK only.
 *
 * <h2>Shape and parameters</h2>
 *
 * A {@link io.nowcast.nn.NetworkSpec} fixes the cell, the layer sizes H<sub>0</sub>…H<sub>L−1</sub>
 * (they may differ), the input width I and the head: K = horizon outputs, or 2·horizon for {@link
 * io.nowcast.nn.OutputKind#PROBABILISTIC} (means first, then raw scales with σ = softplus(raw) +
 * 1e-4). All parameters live in one flat {@code float[]}, offsets given by {@link
 * io.nowcast.nn.ParameterLayout}. For each layer l, with input width I<sub>l</sub> (I, then
 * H<sub>l−1</sub>) and G gate blocks (LSTM 4, GRU 3, RNN 1):
 *
 * <ol>
 *   <li>kernel W<sub>l</sub>, I<sub>l</sub> × G·H<sub>l</sub> row-major, input-major (Keras {@code
 *       kernel}): element (j, g·H<sub>l</sub> + k) at {@code kernelOffset(l) + j·G·H_l + g·H_l +
 *       k};
 *   <li>recurrent kernel U<sub>l</sub>, H<sub>l</sub> × G·H<sub>l</sub> row-major (Keras {@code
 *       recurrent_kernel});
 *   <li>bias, G·H<sub>l</sub>; GRU has two rows, 2 × 3·H<sub>l</sub>: input bias then recurrent
 *       bias (Keras {@code reset_after=True}, PyTorch {@code bias_ih}, {@code bias_hh}).
 * </ol>
 *
 * then the head kernel H<sub>L−1</sub> × K row-major and its bias K. Gate order inside a row: LSTM
 * i, f, g, o; GRU z, r, n.
 *
 * <h2>Equations</h2>
 *
 * <pre>
 * LSTM  [i f g o] = x·W + h·U + b;  i,f,o = σ(·), g = tanh(·)
 *       c' = fma(f, c, i·g);  h' = o · tanh(c')
 * GRU   [xz xr xn] = x·W + b_in;  [hz hr hn] = h·U + b_rec
 *       z = σ(xz + hz);  r = σ(xr + hr);  n = tanh(fma(r, hn, xn));  h' = fma(z, h − n, n)  (= z·h + (1−z)·n)
 * RNN   h' = tanh(x·W + h·U + b)  or  max(·, 0)
 * head  y = h_last·W_head + b_head
 * </pre>
 *
 * The recurrent state ({@link io.nowcast.nn.NetworkState}) is h of every layer concatenated, layer
 * 0 first, and likewise c for LSTM. It belongs to the caller (one per sensor) and serialises to
 * little-endian floats. Initialisation ({@link io.nowcast.nn.Network#initialise}) is seeded and
 * deterministic: Glorot-uniform kernels and head, orthogonal recurrent kernels, zero biases except
 * the LSTM forget gate's 1.
 *
 * <h2>Deterministic arithmetic</h2>
 *
 * A restarted JVM must reproduce the forecasts of the crashed one bit for bit, while its code runs
 * interpreted, then C1, then C2. So activations are {@link io.nowcast.nn.Activations}: polynomials
 * over {@code + × fma /} and bit operations, no {@code Math.exp}. Every vector–matrix product
 * accumulates whole output vectors with FMA in input order (weights are input-major, so no
 * horizontal reduction is needed). The Vector API path ({@code jdk.incubator.vector}, used when
 * {@link io.nowcast.nn.kernel.VectorSupport#enabled()}) performs exactly the operations of the
 * scalar path lane by lane, so both produce the same bits; tests check this for every cell.
 *
 * <h2>Training API</h2>
 *
 * <pre>{@code
 * Network network = Network.initialise(spec, seed);
 * Backprop backprop = new Backprop(spec, chunkSteps, batchSize);   // caches, reused per chunk
 * BatchState state = new BatchState(spec, batchSize);              // h, c per sequence; carries across chunks
 * Gradients gradients = new Gradients(spec);                       // aligned with network.parameters()
 * for (SequenceBatch chunk : chunks) {                             // T × B × I inputs, T × B × horizon targets
 *   gradients.zero();
 *   double loss = backprop.forwardBackward(network, state, chunk, lossFunction, gradients);
 *   optimiser.step(network.parameters(), gradients.values());     // io.nowcast.nn.optim
 *   // state.reset(row) where sequence row starts a new segment
 * }
 * }</pre>
 *
 * {@link io.nowcast.nn.Backprop#forwardBackward} returns the mean loss per non-NaN target value and
 * adds its gradient. Batching turns the per-step work into matrix products (via {@link
 * io.nowcast.nn.kernel.Gemm}): Z[B × G·H] = X[B × I]·W + H[B × H]·U + b, with the input product
 * done for all T·B rows at once; backward dW += Xᵀ·dZ and dU += H<sub>prev</sub>ᵀ·dZ over all rows,
 * dX = dZ·Wᵀ, and per step dH<sub>t−1</sub> = dZ<sub>t</sub>·Uᵀ. The chunk's initial state is a
 * constant (the gradient stops at the chunk boundary) and its end state is written back to the
 * {@link io.nowcast.nn.BatchState}: the same state semantics as serving. {@link
 * io.nowcast.nn.Backprop#forward} alone gives the outputs for evaluation and backtests. Given a
 * {@link io.nowcast.nn.WorkerTeam}, {@code new Backprop(spec, steps, batch, team)} splits each
 * chunk over {@link io.nowcast.nn.Backprop#useWorkers up to} the team's workers: lanes for the
 * forward and backward passes, gradient rows for the weight gradients, every number computed in the
 * single-threaded order, so the bits do not depend on the number of workers.
 *
 * <h2>Seed ensembles</h2>
 *
 * {@link io.nowcast.nn.EnsembleMerge} merges M networks of one shape into one network with every
 * layer M times as wide whose output is their mean (block-diagonal layers, head scaled by 1/M), so
 * an ensemble is served, snapshotted and stored exactly like a single network. {@link
 * io.nowcast.nn.Network#forServing} recognises that structure once and steps each member's diagonal
 * blocks alone (M times a member's work instead of M² for the block-diagonal matrices), with the
 * dense step's outputs and states; training keeps the constructor's dense network because its
 * parameters change in place.
 */
package io.nowcast.nn;
