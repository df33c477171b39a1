package io.nowcast.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** RMSprop against hand-computed steps, plus reset and state round trips. */
class RmsPropTest {

  private static final double TOLERANCE = 1e-6;

  @Test
  void firstTwoStepsMatchHandComputedValues() {
    // lr = 0.01, ρ = 0.9, ε = 1e-8, p = [1, -2, 0.5].
    RmsProp rmsProp = new RmsProp(3, 0.01);
    float[] params = {1f, -2f, 0.5f};

    // Step 1, g = [0.5, -1, 0]: v = 0.1·g² = [0.025, 0.1, 0];
    // p0 = 1 − 0.01·0.5/√0.025 = 1 − 0.005/0.1581138830 = 0.9683772234;
    // p1 = −2 + 0.01/√0.1 = −2 + 0.01/0.3162277660 = −1.9683772234; p2: g = 0, stays 0.5.
    rmsProp.step(params, new float[] {0.5f, -1f, 0f});
    assertEquals(0.9683772234, params[0], TOLERANCE);
    assertEquals(-1.9683772234, params[1], TOLERANCE);
    assertEquals(0.5f, params[2]);

    // Step 2, g = [-0.5, 3, 0]:
    // p0: v = 0.9·0.025 + 0.1·0.25 = 0.0475, √v = 0.2179449472;
    //     p0 = 0.9683772234 + 0.005/0.2179449472 = 0.9683772234 + 0.0229415734 = 0.9913187968.
    // p1: v = 0.9·0.1 + 0.1·9 = 0.99, √v = 0.9949874371;
    //     p1 = −1.9683772234 − 0.03/0.9949874371 = −1.9683772234 − 0.0301511345 = −1.9985283579.
    rmsProp.step(params, new float[] {-0.5f, 3f, 0f});
    assertEquals(0.9913187968, params[0], TOLERANCE);
    assertEquals(-1.9985283579, params[1], TOLERANCE);
    assertEquals(0.5f, params[2]);
    assertEquals(2, rmsProp.stepCount());
  }

  @Test
  void resetForgetsTheRunningMeanSquare() {
    RmsProp rmsProp = new RmsProp(3, 0.01);
    float[] params = {1f, -2f, 0.5f};
    rmsProp.step(params, new float[] {0.5f, -1f, 0f});
    rmsProp.reset();
    assertEquals(0, rmsProp.stepCount());
    float[] fresh = {1f, -2f, 0.5f};
    rmsProp.step(fresh, new float[] {0.5f, -1f, 0f});
    assertEquals(0.9683772234, fresh[0], TOLERANCE);
  }

  @Test
  void stateRoundTripResumesWithIdenticalBits() {
    RmsProp original = new RmsProp(3, 0.01);
    float[] params = {1f, -2f, 0.5f};
    original.step(params, new float[] {0.5f, -1f, 0f});
    ByteBuffer buffer = ByteBuffer.allocate(original.serializedSize());
    original.writeTo(buffer);
    buffer.flip();
    RmsProp resumed = new RmsProp(3, 0.01);
    resumed.readFrom(buffer);
    assertEquals(1, resumed.stepCount());

    float[] continued = params.clone();
    float[] grads = {-0.5f, 3f, 0f};
    original.step(params, grads);
    resumed.step(continued, grads);
    assertArrayEquals(params, continued);
  }
}
