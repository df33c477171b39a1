/**
 * Numerical kernels of the network: single-precision GEMM for batched training, with a Vector API
 * path and a scalar path that produce identical bits.
 *
 * <p><b>Layout.</b> Matrices are row-major {@code float[]} regions given by an offset and a leading
 * dimension (the distance between the starts of consecutive rows), so callers can multiply views
 * into the one flat parameter buffer or into a batch workspace without copying. {@link
 * io.nowcast.nn.kernel.Gemm} offers {@code nn} (A·B), {@code tn} (Aᵀ·B, for weight gradients Xᵀ·dZ)
 * and {@code nt} (A·Bᵀ, for input gradients dZ·Wᵀ), each optionally accumulating into C.
 *
 * <p><b>Determinism.</b> Each element of C is one fused-multiply-add chain over p = 0..k-1 in
 * ascending order, starting from C (accumulate) or zero. The vector kernel keeps a 4-row × 4-vector
 * block of C in registers, broadcasts A elements and never reduces across lanes, so every lane runs
 * exactly the scalar chain; the scalar path uses {@link java.lang.Math#fma(float, float, float)} in
 * the same order. Results are therefore identical run to run, on either path, compiled or
 * interpreted. Nothing here starts threads; parallelism belongs to the caller.
 *
 * <p><b>Vector API.</b> {@link io.nowcast.nn.kernel.VectorSupport} decides once per JVM whether
 * {@code jdk.incubator.vector} is available (the JVM needs {@code --add-modules
 * jdk.incubator.vector}) and not disabled with {@code -Dnowcast.vector=false}. Classes that touch
 * the module are only loaded when it is enabled.
 *
 * <p><b>Memory.</b> {@code nt} and narrow column tails use per-thread scratch arrays that grow to
 * the largest shape seen and are then reused, so steady-state calls allocate no buffers. (Vector
 * objects only stay in registers once C2 has compiled a kernel; interpreted and C1 code box them,
 * which costs time and garbage but never changes results.)
 */
package io.nowcast.nn.kernel;
