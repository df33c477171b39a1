package io.nowcast.engine;

/**
 * The standard normal quantile function Φ⁻¹, for the interval half-width z·σ of probabilistic
 * models without a calibration. Acklam's rational approximation (relative error below 1.2e-9),
 * evaluated with {@link StrictMath} so every JVM derives the same z from the same level.
 */
final class GaussianQuantile {
  private static final double[] A = {
    -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
    1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
  };
  private static final double[] B = {
    -5.447609879822406e+01,
    1.615858368580409e+02,
    -1.556989798598866e+02,
    6.680131188771972e+01,
    -1.328068155288572e+01
  };
  private static final double[] C = {
    -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
    -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
  };
  private static final double[] D = {
    7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
  };

  /** Below this probability (and above 1 − it) the tail formula applies. */
  private static final double TAIL = 0.02425;

  private GaussianQuantile() {}

  /** Φ⁻¹(p) for p in (0, 1). */
  static double of(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("probability: expected a value in (0, 1), got " + p);
    }
    if (p < TAIL) {
      return tail(p);
    }
    if (p > 1 - TAIL) {
      return -tail(1 - p);
    }
    double q = p - 0.5;
    double r = q * q;
    double numerator = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q;
    double denominator = ((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1;
    return numerator / denominator;
  }

  /** Φ⁻¹(p) for a small lower-tail p. */
  private static double tail(double p) {
    double q = StrictMath.sqrt(-2 * StrictMath.log(p));
    double numerator = ((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5];
    double denominator = (((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1;
    return numerator / denominator;
  }

  /** The z of a central interval with nominal coverage {@code level}: Φ⁻¹((1 + level) / 2). */
  static double centralZ(double level) {
    return of((1 + level) / 2);
  }
}
