/**
 * Numerical kernels of the network: {@link io.nowcast.nn.kernel.Gemm} for the matrix products of
 * batched training, and {@link io.nowcast.nn.kernel.VectorSupport}, which decides once per JVM whether
 * the {@code jdk.incubator.vector} path may be loaded (module present and not disabled with
 * {@code -Dnowcast.vector=false}); otherwise the bit-identical scalar path runs.
 */
package io.nowcast.nn.kernel;
