package io.nowcast.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Accuracy of the deterministic activations against StrictMath, in units in the last place. */
class ActivationsTest {

  private interface FloatFunction {
    float apply(float x);
  }

  /** Largest ulp distance over a dense grid of [-range, range], including extreme magnitudes. */
  private static double maxUlpError(FloatFunction actual, DoubleUnaryOperator exact, float range) {
    double worst = 0;
    int steps = 400_000;
    for (int i = 0; i <= steps; i++) {
      float x = -range + 2 * range * i / steps;
      worst = Math.max(worst, ulpError(actual.apply(x), exact.applyAsDouble(x), x));
    }
    for (float x :
        new float[] {
          0f,
          -0f,
          1e-30f,
          -1e-30f,
          1e-7f,
          Float.MIN_VALUE,
          3e4f,
          -3e4f,
          Float.MAX_VALUE,
          -Float.MAX_VALUE
        }) {
      worst = Math.max(worst, ulpError(actual.apply(x), exact.applyAsDouble(x), x));
    }
    return worst;
  }

  private static double ulpError(float actual, double exact, float x) {
    float expected = (float) exact;
    if (Float.isInfinite(expected) || Float.isInfinite(actual)) {
      assertEquals(expected, actual, "at x=" + x);
      return 0;
    }
    return Math.abs(actual - exact) / Math.ulp(expected);
  }

  @Test
  void expIsWithinTwoUlpsIncludingOverflowAndSubnormals() {
    double error = maxUlpError(Activations::exp, StrictMath::exp, 110f);
    assertTrue(error <= 2, "exp max ulp error " + error);
    assertEquals(Float.POSITIVE_INFINITY, Activations.exp(89f));
    assertEquals(0f, Activations.exp(-104f));
    assertEquals(1f, Activations.exp(0f));
  }

  @Test
  void sigmoidIsWithinTwoAndAHalfUlpsAndSaturates() {
    double error = maxUlpError(Activations::sigmoid, x -> 1 / (1 + StrictMath.exp(-x)), 110f);
    // exp (≤ 1 ulp) plus the rounded division: measured 2.06 ulp.
    assertTrue(error <= 2.5, "sigmoid max ulp error " + error);
    assertEquals(1f, Activations.sigmoid(50f));
    assertEquals(0f, Activations.sigmoid(-200f));
    assertTrue(Activations.sigmoid(-95f) > 0f, "the subnormal tail is kept");
    assertEquals(0.5f, Activations.sigmoid(0f));
  }

  @Test
  void tanhIsWithinTwoUlpsOddAndSaturates() {
    double error = maxUlpError(Activations::tanh, StrictMath::tanh, 20f);
    assertTrue(error <= 2, "tanh max ulp error " + error);
    assertEquals(1f, Activations.tanh(20f));
    assertEquals(-1f, Activations.tanh(-1000f));
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Activations.tanh(-0f)));
    for (float x = -5f; x < 5f; x += 0.01f) {
      assertEquals(-Activations.tanh(x), Activations.tanh(-x), "odd at " + x);
    }
  }

  @Test
  void softplusIsWithinThreeUlpsWithoutOverflow() {
    double error =
        maxUlpError(
            Activations::softplus,
            x -> x > 30 ? x + StrictMath.exp(-x) : StrictMath.log1p(StrictMath.exp(x)),
            100f);
    // log1p's correction term adds up to one more ulp than exp alone.
    assertTrue(error <= 3, "softplus max ulp error " + error);
    assertEquals(1000f, Activations.softplus(1000f));
    assertEquals((float) StrictMath.exp(-90), Activations.softplus(-90f), 1e-45f);
  }

  @Test
  void logIsWithinTwoUlps() {
    double worst = 0;
    for (float x = Float.MIN_VALUE; x < 1e30f; x *= 1.00037f) {
      worst = Math.max(worst, ulpError(Activations.log(x), StrictMath.log(x), x));
      x = Math.nextUp(x);
    }
    assertTrue(worst <= 2, "log max ulp error " + worst);
    assertEquals(Float.NEGATIVE_INFINITY, Activations.log(0f));
    assertTrue(Float.isNaN(Activations.log(-1f)));
  }

  @Test
  void nanPropagatesThroughEveryFunction() {
    assertTrue(Float.isNaN(Activations.exp(Float.NaN)));
    assertTrue(Float.isNaN(Activations.sigmoid(Float.NaN)));
    assertTrue(Float.isNaN(Activations.tanh(Float.NaN)));
    assertTrue(Float.isNaN(Activations.softplus(Float.NaN)));
    assertTrue(Float.isNaN(Activations.log(Float.NaN)));
  }
}
