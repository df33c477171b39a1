package io.nowcast.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Losses: known values, gradients against central finite differences, NaN targets, stability. */
class LossFunctionTest {

  private static final int HORIZON = 5;

  private static double loss(LossFunction f, float[] output, float[] targets) {
    float[] ignored = new float[output.length];
    return f.accumulate(output, 0, targets, 0, HORIZON, ignored, 0, 1f);
  }

  /** Compares every analytic gradient component with (L(x+h) − L(x−h)) / 2h, in double. */
  private static void assertGradientMatchesFiniteDifferences(
      LossFunction f, float[] output, float[] targets) {
    float[] grad = new float[output.length];
    f.accumulate(output, 0, targets, 0, HORIZON, grad, 0, 1f);
    for (int i = 0; i < output.length; i++) {
      float original = output[i];
      float h = 1e-2f;
      output[i] = original + h;
      double up = loss(f, output, targets);
      output[i] = original - h;
      double down = loss(f, output, targets);
      output[i] = original;
      double actualStep = (double) (original + h) - (original - h);
      double numeric = (up - down) / actualStep;
      assertEquals(numeric, grad[i], 2e-3 * Math.max(1, Math.abs(numeric)), "gradient " + i);
    }
  }

  private static float[] random(SplittableRandom random, int size, double spread) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble(-spread, spread);
    }
    return values;
  }

  @Test
  void meanSquaredErrorValueAndGradient() {
    float[] output = {1f, 2f, 3f, 4f, 5f};
    float[] targets = {1f, 0f, 4f, Float.NaN, 5.5f};
    float[] grad = new float[HORIZON];
    // Errors μ − y: 0, 2, −1, (NaN target skipped), −0.5 → loss 0 + 4 + 1 + 0.25 = 5.25.
    double loss = new MeanSquaredError().accumulate(output, 0, targets, 0, HORIZON, grad, 0, 0.5f);
    assertEquals(5.25, loss, 1e-12);
    // Gradient 2(μ − y)·weight with weight 0.5: [0, 2, −1, 0, −0.5].
    assertEquals(0f, grad[0]);
    assertEquals(2f, grad[1]);
    assertEquals(-1f, grad[2]);
    assertEquals(0f, grad[3]);
    assertEquals(-0.5f, grad[4]);
  }

  @Test
  void meanSquaredErrorGradientMatchesFiniteDifferences() {
    SplittableRandom random = new SplittableRandom(1);
    for (int round = 0; round < 20; round++) {
      assertGradientMatchesFiniteDifferences(
          new MeanSquaredError(), random(random, HORIZON, 3), random(random, HORIZON, 3));
    }
  }

  @Test
  void gaussianNllMatchesTheFormulaAtAKnownPoint() {
    // μ = 0, raw = 0 → σ = ln 2 + 1e-4 = 0.6932471806; y = 1:
    // loss = ln σ + 1/(2σ²) + ½ ln 2π = −0.3663847 + 1.0403766 + 0.9189385 = 1.5929541491.
    float[] output = new float[2];
    float[] targets = {1f};
    float[] grad = new float[2];
    double loss = new GaussianNll().accumulate(output, 0, targets, 0, 1, grad, 0, 1f);
    assertEquals(1.5929541491, loss, 1e-9);
  }

  @Test
  void gaussianNllGradientMatchesFiniteDifferences() {
    SplittableRandom random = new SplittableRandom(2);
    for (int round = 0; round < 20; round++) {
      assertGradientMatchesFiniteDifferences(
          new GaussianNll(), random(random, 2 * HORIZON, 2), random(random, HORIZON, 3));
    }
  }

  @Test
  void nanTargetsContributeNoLossAndNoGradient() {
    SplittableRandom random = new SplittableRandom(3);
    float[] output = random(random, 2 * HORIZON, 2);
    float[] targets = random(random, HORIZON, 2);
    targets[1] = Float.NaN;
    targets[3] = Float.NaN;
    for (LossFunction f : new LossFunction[] {new MeanSquaredError(), new GaussianNll()}) {
      float[] grad = new float[2 * HORIZON];
      double withNaN = f.accumulate(output, 0, targets, 0, HORIZON, grad, 0, 1f);
      double expected = 0;
      for (int t : new int[] {0, 2, 4}) {
        float[] single = {output[t], output[HORIZON + t]};
        expected += f.accumulate(single, 0, targets, t, 1, new float[2], 0, 1f);
      }
      assertEquals(expected, withNaN, 1e-9, f.getClass().getSimpleName());
      for (int t : new int[] {1, 3}) {
        assertEquals(0f, grad[t], f.getClass().getSimpleName() + " mean gradient at " + t);
        assertEquals(
            0f, grad[HORIZON + t], f.getClass().getSimpleName() + " scale gradient at " + t);
      }
    }
  }

  @Test
  void gradientsAccumulateAtOffsetsAndScaleWithWeight() {
    float[] output = {9f, 1f, 9f};
    float[] targets = {9f, 9f, 3f};
    float[] grad = {7f, 7f, 7f};
    new MeanSquaredError().accumulate(output, 1, targets, 2, 1, grad, 2, 0.25f);
    // One step: μ = output[1] = 1, y = targets[2] = 3 → 2·(1 − 3)·0.25 = −1 added to grad[2].
    assertEquals(7f, grad[0]);
    assertEquals(7f, grad[1]);
    assertEquals(6f, grad[2]);
  }

  @Test
  void softplusIsStableForLargeMagnitudes() {
    assertEquals(1000.0, GaussianNll.softplus(1000), 1e-12);
    assertEquals(Math.exp(-1000), GaussianNll.softplus(-1000), 0);
    assertEquals(Math.log(2), GaussianNll.softplus(0), 1e-15);
    assertEquals(1.0, GaussianNll.sigmoid(1000));
    assertEquals(0.0, GaussianNll.sigmoid(-1000));
    assertEquals(GaussianNll.MIN_SCALE, GaussianNll.scale(-200), 1e-18);
  }

  @Test
  void gaussianNllStaysFiniteAtExtremeRawScales() {
    float[] targets = {0.5f, 0.5f};
    for (float raw : new float[] {-80f, 80f}) {
      float[] output = {0f, 0f, raw, raw};
      float[] grad = new float[4];
      double loss = new GaussianNll().accumulate(output, 0, targets, 0, 2, grad, 0, 1f);
      assertTrue(Double.isFinite(loss), "loss at raw " + raw);
      for (float g : grad) {
        assertTrue(Float.isFinite(g), "gradient at raw " + raw);
      }
    }
  }

  @Test
  void pinballValueAndGradientPerQuantileBlock() {
    Pinball pinball = new Pinball(0.1, 0.9);
    // Two steps; blocks: τ = 0.1 → [0, 4], τ = 0.9 → [2, 6]; targets [1, NaN].
    float[] output = {0f, 4f, 2f, 6f};
    float[] targets = {1f, Float.NaN};
    float[] grad = new float[4];
    double loss = pinball.accumulate(output, 0, targets, 0, 2, grad, 0, 1f);
    // Step 0: τ = 0.1, e = 1 − 0 = 1 > 0 → 0.1·1 = 0.1; τ = 0.9, e = 1 − 2 = −1 → (0.9 − 1)·(−1) =
    // 0.1.
    assertEquals(0.2, loss, 1e-12);
    // Derivatives: −τ = −0.1 where y > ŷ, 1 − τ = 0.1 where y < ŷ; the NaN step gets nothing.
    assertEquals(-0.1f, grad[0], 1e-7f);
    assertEquals(0f, grad[1]);
    assertEquals(0.1f, grad[2], 1e-7f);
    assertEquals(0f, grad[3]);
    assertEquals(2, pinball.valuesPerStep());
  }

  @Test
  void pinballGradientMatchesFiniteDifferencesAwayFromKinks() {
    SplittableRandom random = new SplittableRandom(4);
    Pinball pinball = new Pinball(0.1, 0.5, 0.9);
    for (int round = 0; round < 20; round++) {
      float[] targets = random(random, HORIZON, 3);
      float[] output = random(random, 3 * HORIZON, 3);
      for (int i = 0; i < output.length; i++) {
        // Keep outputs at least 0.05 from their target so ±h never crosses the kink.
        float target = targets[i % HORIZON];
        if (Math.abs(output[i] - target) < 0.05f) {
          output[i] = target + 0.5f;
        }
      }
      assertGradientMatchesFiniteDifferences(pinball, output, targets);
    }
  }

  @Test
  void huberIsQuadraticNearTheTargetAndLinearBeyondDelta() {
    float[] output = {1f, 3f, -2f, 0f, 0.5f};
    float[] targets = {1f, 0f, 0f, Float.NaN, 0f};
    float[] grad = new float[HORIZON];
    // Errors 0, 3, −2, (skipped), 0.5 with δ 1: 0 + (3 − 0.5) + (2 − 0.5) + 0.125 = 4.125.
    double loss = new Huber(1.0).accumulate(output, 0, targets, 0, HORIZON, grad, 0, 2f);
    assertEquals(4.125, loss, 1e-12);
    // Gradient e or ±δ, times weight 2: [0, 2, −2, 0, 1].
    assertEquals(0f, grad[0]);
    assertEquals(2f, grad[1]);
    assertEquals(-2f, grad[2]);
    assertEquals(0f, grad[3]);
    assertEquals(1f, grad[4]);
  }

  @Test
  void huberGradientMatchesFiniteDifferencesAwayFromTheSwitch() {
    SplittableRandom random = new SplittableRandom(5);
    for (int round = 0; round < 20; round++) {
      float[] targets = random(random, HORIZON, 3);
      float[] output = random(random, HORIZON, 3);
      for (int i = 0; i < HORIZON; i++) {
        // Keep |error| at least 0.05 from δ so ±h stays on one side of the switch.
        if (Math.abs(Math.abs(output[i] - targets[i]) - 1) < 0.05f) {
          output[i] = targets[i] + 0.5f;
        }
      }
      assertGradientMatchesFiniteDifferences(new Huber(1.0), output, targets);
    }
  }

  @Test
  void huberRefusesANonPositiveDelta() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Huber(0));
    assertEquals("Huber delta: expected a finite number > 0, got 0.0", e.getMessage());
  }
}
