package io.nowcast.nn.optim;

/**
 * RMSprop, PyTorch {@code torch.optim.RMSprop} semantics (no momentum, not centred). For each
 * parameter:
 *
 * <pre>
 *   v ← ρ·v + (1 − ρ)·g²          (v starts at 0)
 *   p ← p − lr · g / (√v + ε)
 * </pre>
 *
 * tf.keras ({@code optimizer_v2}) puts ε inside the square root, {@code √(v + ε)}, which differs
 * only while v is about as small as ε. There is no bias correction, so the first steps are large (≈
 * lr/√(1 − ρ)), as in both libraries. {@link #DEFAULT_RHO} is Keras' 0.9 (PyTorch's {@code alpha}
 * defaults to 0.99): it adapts faster over short training cycles.
 */
public final class RmsProp extends MomentOptimizer {

  /** Kind tag of the serialised state: "RMSP". */
  private static final int KIND = 0x524D5350;

  /** Default ρ (Keras; PyTorch's {@code alpha} defaults to 0.99): decay of the squared gradient. */
  public static final double DEFAULT_RHO = 0.9;

  /** Default ε (PyTorch; Keras uses 1e-7): keeps the denominator away from zero. */
  public static final double DEFAULT_EPSILON = 1e-8;

  private final double rho;
  private final double epsilon;

  /** RMSprop with the default ρ and ε. */
  public RmsProp(int parameterCount, double learningRate) {
    this(parameterCount, learningRate, DEFAULT_RHO, DEFAULT_EPSILON);
  }

  /**
   * @param parameterCount length of the flat parameter buffer
   * @param learningRate step size lr, positive
   * @param rho decay of the running mean of g², in [0, 1)
   * @param epsilon added to the denominator, positive
   */
  public RmsProp(int parameterCount, double learningRate, double rho, double epsilon) {
    super("RmsProp", KIND, parameterCount, learningRate, 1);
    this.rho = StateCodec.checkFraction("rho", rho);
    this.epsilon = StateCodec.checkPositive("epsilon", epsilon);
  }

  @Override
  void update(float[] params, float[] grads, long step) {
    float[] meanSquare = moment(0);
    float r = (float) rho;
    float oneMinusR = (float) (1 - rho);
    float lr = (float) learningRate();
    float eps = (float) epsilon;
    for (int i = 0; i < params.length; i++) {
      float g = grads[i];
      float v = r * meanSquare[i] + oneMinusR * g * g;
      meanSquare[i] = v;
      params[i] -= lr * g / ((float) Math.sqrt(v) + eps);
    }
  }
}
