package io.nowcast.nn;

/**
 * Deterministic activation functions for inference and training.
 *
 * <p>Every function is built from {@code +}, {@code ×}, {@code fma}, {@code /} and bit operations
 * only, so it returns the same bits in the interpreter, C1 and C2 and in the Vector API path, which
 * repeats exactly these operations lane by lane. {@code Math.exp}/{@code Math.tanh} give no such
 * guarantee, and a restarted JVM must reproduce the forecasts of the one that crashed.
 *
 * <p>Polynomials are the single-precision Cephes ones (expf, tanhf, logf); the exponential uses
 * Cody–Waite range reduction {@code x = n·ln2 + r}, |r| ≤ ln2/2, and builds 2<sup>n</sup> from its
 * exponent bits in two halves so that overflow gives +∞ and underflow gives the correctly scaled
 * subnormal or 0. NaN propagates through every function.
 */
public final class Activations {
  /** exp(x) overflows to +∞ above this and the reduction stays exact; inputs are clamped here. */
  static final float EXP_HIGH = 89f;

  /** exp(x) rounds to 0 below this (smaller than the smallest subnormal/2). */
  static final float EXP_LOW = -104f;

  static final float LOG2E = 1.44269504088896341f;

  /** Adding then subtracting 1.5·2<sup>23</sup> rounds a float to the nearest integer. */
  static final float ROUNDING_MAGIC = 12582912f;

  static final float LN2_HIGH = 0.693359375f;
  static final float LN2_LOW = -2.12194440e-4f;
  static final float EXP_P0 = 1.9875691500e-4f;
  static final float EXP_P1 = 1.3981999507e-3f;
  static final float EXP_P2 = 8.3334519073e-3f;
  static final float EXP_P3 = 4.1665795894e-2f;
  static final float EXP_P4 = 1.6666665459e-1f;
  static final float EXP_P5 = 5.0000001201e-1f;

  /**
   * Below this |x| tanh uses its odd polynomial; above, 1 − 2/(e<sup>2|x|</sup>+1) loses no
   * accuracy.
   */
  static final float TANH_SMALL = 0.625f;

  static final float TANH_P0 = -5.70498872745e-3f;
  static final float TANH_P1 = 2.06390887954e-2f;
  static final float TANH_P2 = -5.37397155531e-2f;
  static final float TANH_P3 = 1.33314422036e-1f;
  static final float TANH_P4 = -3.33332819422e-1f;

  private static final float SQRT_HALF = 0.707106781186547524f;
  private static final float[] LOG_POLY = {
    7.0376836292e-2f,
    -1.1514610310e-1f,
    1.1676998740e-1f,
    -1.2420140846e-1f,
    1.4249322787e-1f,
    -1.6668057665e-1f,
    2.0000714765e-1f,
    -2.4999993993e-1f,
    3.3333331174e-1f
  };

  private Activations() {}

  /** e<sup>x</sup>, within ~1 ulp of the exact value for every float input. */
  public static float exp(float x) {
    float clamped = Math.min(Math.max(x, EXP_LOW), EXP_HIGH);
    float shifted = Math.fma(clamped, LOG2E, ROUNDING_MAGIC);
    float n = shifted - ROUNDING_MAGIC;
    int exponent = Float.floatToRawIntBits(shifted) - Float.floatToRawIntBits(ROUNDING_MAGIC);
    float r = Math.fma(n, -LN2_HIGH, clamped);
    r = Math.fma(n, -LN2_LOW, r);
    float p = Math.fma(EXP_P0, r, EXP_P1);
    p = Math.fma(p, r, EXP_P2);
    p = Math.fma(p, r, EXP_P3);
    p = Math.fma(p, r, EXP_P4);
    p = Math.fma(p, r, EXP_P5);
    float y = Math.fma(p, r * r, r) + 1f;
    int firstHalf = exponent >> 1;
    int secondHalf = exponent - firstHalf;
    return y * powerOfTwo(firstHalf) * powerOfTwo(secondHalf);
  }

  private static float powerOfTwo(int exponent) {
    return Float.intBitsToFloat((exponent + 127) << 23);
  }

  /**
   * Logistic sigmoid 1 / (1 + e<sup>−x</sup>), evaluated as e<sup>x</sup> / (1 + e<sup>x</sup>) for
   * negative x so that the far negative tail keeps its (subnormal) precision instead of hitting 0.
   */
  public static float sigmoid(float x) {
    float e = exp(-Math.abs(x));
    float denominator = 1f + e;
    return x < 0f ? e / denominator : 1f / denominator;
  }

  /**
   * Hyperbolic tangent; odd-symmetric (±0 map to themselves) and exactly ±1 once |x| is large
   * enough. The sign is applied by negation rather than by copying bits, so that the Vector API
   * path can do the same with float operations only; a NaN input gives a NaN.
   */
  public static float tanh(float x) {
    if (x == 0f) {
      return x;
    }
    float magnitude = Math.abs(x);
    float unsigned;
    if (magnitude < TANH_SMALL) {
      float z = magnitude * magnitude;
      float p = Math.fma(TANH_P0, z, TANH_P1);
      p = Math.fma(p, z, TANH_P2);
      p = Math.fma(p, z, TANH_P3);
      p = Math.fma(p, z, TANH_P4);
      unsigned = Math.fma(p * z, magnitude, magnitude);
    } else {
      unsigned = 1f - 2f / (exp(magnitude + magnitude) + 1f);
    }
    return x < 0f ? -unsigned : unsigned;
  }

  /** Natural logarithm; −∞ at 0, NaN below 0. */
  public static float log(float x) {
    if (!(x > 0f) || x == Float.POSITIVE_INFINITY) {
      return x == 0f ? Float.NEGATIVE_INFINITY : (x > 0f ? x : Float.NaN);
    }
    int bits = Float.floatToRawIntBits(x);
    int exponent = 0;
    if (bits < 0x00800000) { // subnormal: scale into the normal range first
      bits = Float.floatToRawIntBits(x * 0x1p25f);
      exponent = -25;
    }
    exponent += (bits >> 23) - 126;
    float m = Float.intBitsToFloat((bits & 0x007fffff) | 0x3f000000); // in [0.5, 1)
    if (m < SQRT_HALF) {
      exponent -= 1;
      m = m + m - 1f;
    } else {
      m = m - 1f;
    }
    float z = m * m;
    float y = LOG_POLY[0];
    for (int i = 1; i < LOG_POLY.length; i++) {
      y = Math.fma(y, m, LOG_POLY[i]);
    }
    y = y * m * z;
    float e = exponent;
    y = Math.fma(LN2_LOW, e, y);
    y = Math.fma(-0.5f, z, y);
    return Math.fma(LN2_HIGH, e, m + y);
  }

  /** log(1 + u), accurate for tiny u too (Goldberg's correction of the rounded 1 + u). */
  public static float log1p(float u) {
    float w = 1f + u;
    float denominator = w - 1f;
    return denominator == 0f ? u : log(w) * (u / denominator);
  }

  /** Softplus log(1 + e<sup>x</sup>) = max(x, 0) + log1p(e<sup>−|x|</sup>), without overflow. */
  public static float softplus(float x) {
    return Math.max(x, 0f) + log1p(exp(-Math.abs(x)));
  }
}
