package io.nowcast.nn.optim;

/**
 * Adam with bias correction, PyTorch {@code torch.optim.Adam} / {@code AdamW} semantics. For step t
 * = 1, 2, … and each parameter:
 *
 * <pre>
 *   p ← p − lr·λ·p                      (decoupled weight decay λ, AdamW; λ = 0 by default)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   p ← p − lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)
 * </pre>
 *
 * Keras applies ε before the bias correction of v ("ε-hat"); with the default ε the two agree to
 * within ε-sized differences. The bias corrections are computed in double once per step; the
 * per-parameter update is float arithmetic in index order, so steps are deterministic.
 */
public final class Adam extends MomentOptimizer {

  /** Kind tag of the serialised state: "ADAM". */
  private static final int KIND = 0x4144414D;

  /** Default β1 (Keras and PyTorch): decay of the first moment. */
  public static final double DEFAULT_BETA1 = 0.9;

  /** Default β2 (Keras and PyTorch): decay of the second moment. */
  public static final double DEFAULT_BETA2 = 0.999;

  /** Default ε (PyTorch; Keras uses 1e-7): keeps the denominator away from zero. */
  public static final double DEFAULT_EPSILON = 1e-8;

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;

  /** Adam with the default β1, β2, ε and no weight decay. */
  public Adam(int parameterCount, double learningRate) {
    this(parameterCount, learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, 0);
  }

  /**
   * @param parameterCount length of the flat parameter buffer
   * @param learningRate step size lr, positive
   * @param beta1 first-moment decay, in [0, 1)
   * @param beta2 second-moment decay, in [0, 1)
   * @param epsilon added to the denominator, positive
   * @param weightDecay decoupled weight decay λ (AdamW), ≥ 0; 0 turns it off
   */
  public Adam(
      int parameterCount,
      double learningRate,
      double beta1,
      double beta2,
      double epsilon,
      double weightDecay) {
    super("Adam", KIND, parameterCount, learningRate, 2);
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("weightDecay must be >= 0 and finite, got " + weightDecay);
    }
    this.beta1 = StateCodec.checkFraction("beta1", beta1);
    this.beta2 = StateCodec.checkFraction("beta2", beta2);
    this.epsilon = StateCodec.checkPositive("epsilon", epsilon);
    this.weightDecay = weightDecay;
  }

  @Override
  void update(float[] params, float[] grads, long step) {
    float[] firstMoment = moment(0);
    float[] secondMoment = moment(1);
    double learningRate = learningRate();
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float oneMinusB1 = (float) (1 - beta1);
    float oneMinusB2 = (float) (1 - beta2);
    float stepSize = (float) (learningRate / (1 - Math.pow(beta1, step)));
    float inverseSqrtCorrection2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, step)));
    float eps = (float) epsilon;
    float decay = (float) (1 - learningRate * weightDecay);
    for (int i = 0; i < params.length; i++) {
      float g = grads[i];
      float m = b1 * firstMoment[i] + oneMinusB1 * g;
      float v = b2 * secondMoment[i] + oneMinusB2 * g * g;
      firstMoment[i] = m;
      secondMoment[i] = v;
      float denominator = (float) Math.sqrt(v) * inverseSqrtCorrection2 + eps;
      params[i] = params[i] * decay - stepSize * m / denominator;
    }
  }
}
