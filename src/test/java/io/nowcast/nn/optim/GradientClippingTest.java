package io.nowcast.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GradientClippingTest {

  @Test
  void scalesDownToMaxNormAndReturnsThePreClipNorm() {
    float[] grads = {3f, 4f, 0f};
    assertEquals(5.0, GradientClipping.clipByGlobalNorm(grads, 1.0));
    assertArrayEquals(new float[] {0.6f, 0.8f, 0f}, grads, 1e-7f);
  }

  @Test
  void leavesGradientsBelowTheLimitUntouched() {
    float[] grads = {3f, 4f};
    assertEquals(5.0, GradientClipping.clipByGlobalNorm(grads, 5.0));
    assertArrayEquals(new float[] {3f, 4f}, grads);
  }

  @Test
  void computesTheNormInDoubleWithoutOverflow() {
    // 3e38² overflows float but not double: the norm is finite and clipping works.
    float[] grads = {3e38f, 3e38f};
    double norm = GradientClipping.clipByGlobalNorm(grads, 1.0);
    assertEquals(Math.sqrt(2) * (double) 3e38f, norm, 1e-12 * norm);
    assertEquals(Math.sqrt(0.5), grads[0], 1e-6);
  }

  @Test
  void nanGradientThrowsWithClearMessageAndLeavesValues() {
    float[] grads = {1f, Float.NaN, 2f};
    NonFiniteGradientException error =
        assertThrows(
            NonFiniteGradientException.class, () -> GradientClipping.clipByGlobalNorm(grads, 1.0));
    assertEquals(
        "gradient global norm is NaN over 3 values; expected a finite number (a NaN/Inf reached"
            + " the gradients)",
        error.getMessage());
    assertEquals(1f, grads[0]);
  }

  @Test
  void infiniteGradientThrowsAnArithmeticException() {
    float[] grads = {Float.NEGATIVE_INFINITY, 0f};
    ArithmeticException error =
        assertThrows(
            ArithmeticException.class, () -> GradientClipping.clipByGlobalNorm(grads, 1.0));
    assertEquals(Double.POSITIVE_INFINITY, ((NonFiniteGradientException) error).norm());
  }

  @Test
  void rejectsNonPositiveLimit() {
    assertThrows(
        IllegalArgumentException.class, () -> GradientClipping.clipByGlobalNorm(new float[1], 0));
  }
}
