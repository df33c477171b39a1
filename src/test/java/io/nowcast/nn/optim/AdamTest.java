package io.nowcast.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Adam against hand-computed steps, plus reset, state round trips and argument checks. */
class AdamTest {

  private static final double TOLERANCE = 1e-6;

  @Test
  void firstTwoStepsMatchHandComputedValues() {
    // lr = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8, p = [1, -2, 0.5].
    Adam adam = new Adam(3, 0.1);
    float[] params = {1f, -2f, 0.5f};

    // Step 1, g = [0.5, -1, 0]: m = 0.1·g, v = 0.001·g²; corrections 1 − 0.9 = 0.1 and
    // 1 − 0.999 = 0.001 give m̂ = g, v̂ = g², so the step is lr·g/(|g| + ε) ≈ lr·sign(g):
    // p0 = 1 − 0.1·0.5/(0.5 + 1e-8) = 0.900000002; p1 = −2 + 0.1 = −1.9; p2: m = 0, stays 0.5.
    adam.step(params, new float[] {0.5f, -1f, 0f});
    assertArrayEquals(new float[] {0.9f, -1.9f, 0.5f}, params, (float) TOLERANCE);
    assertEquals(1, adam.stepCount());

    // Step 2, g = [-0.5, 3, 0]; corrections 1 − 0.81 = 0.19 and 1 − 0.998001 = 0.001999.
    // p0: m = 0.9·0.05 + 0.1·(−0.5) = −0.005, v = 0.999·0.00025 + 0.001·0.25 = 0.00049975;
    //     m̂ = −0.005/0.19 = −0.0263157895, v̂ = 0.00049975/0.001999 = 0.25, √v̂ = 0.5;
    //     p0 = 0.9 + 0.1·0.0263157895/0.5 = 0.9052631579.
    // p1: m = 0.9·(−0.1) + 0.1·3 = 0.21, v = 0.999·0.001 + 0.001·9 = 0.009999;
    //     m̂ = 0.21/0.19 = 1.1052631579, v̂ = 0.009999/0.001999 = 5.0020010005, √v̂ = 2.2365153701;
    //     p1 = −1.9 − 0.1·1.1052631579/2.2365153701 = −1.9494189841.
    adam.step(params, new float[] {-0.5f, 3f, 0f});
    assertEquals(0.9052631579, params[0], TOLERANCE);
    assertEquals(-1.9494189841, params[1], TOLERANCE);
    assertEquals(0.5f, params[2]);
    assertEquals(2, adam.stepCount());

    // Step 3, g = [0.25, -0.5, 0]; corrections 1 − 0.729 = 0.271 and 1 − 0.997002999 = 0.002997001.
    // p0: m = 0.9·(−0.005) + 0.1·0.25 = 0.0205, v = 0.999·0.00049975 + 0.001·0.0625 =
    // 0.00056175025;
    //     m̂ = 0.0756457565, √v̂ = √0.1874374374 = 0.4329404546;
    //     p0 = 0.9052631579 − 0.1·0.0756457565/0.4329404546 = 0.8877906068.
    // p1: m = 0.9·0.21 + 0.1·(−0.5) = 0.139, v = 0.999·0.009999 + 0.001·0.25 = 0.010239001;
    //     m̂ = 0.5129151292, √v̂ = √3.4163482094 = 1.8483366064;
    //     p1 = −1.9494189841 − 0.1·0.5129151292/1.8483366064 = −1.9771688033.
    adam.step(params, new float[] {0.25f, -0.5f, 0f});
    assertEquals(0.8877906068, params[0], TOLERANCE);
    assertEquals(-1.9771688033, params[1], TOLERANCE);
  }

  @Test
  void decoupledWeightDecayShrinksParametersBeforeTheAdamStep() {
    // λ = 0.01, lr = 0.1: p ← p·(1 − 0.001), then the step-1 update of ≈ lr·sign(g).
    // p0 = 0.999 − 0.1 = 0.899; p1 = −2·0.999 + 0.1 = −1.898; p2 = 0.5·0.999 = 0.4995 (g = 0).
    Adam adam = new Adam(3, 0.1, 0.9, 0.999, 1e-8, 0.01);
    float[] params = {1f, -2f, 0.5f};
    adam.step(params, new float[] {0.5f, -1f, 0f});
    assertArrayEquals(new float[] {0.899f, -1.898f, 0.4995f}, params, (float) TOLERANCE);
  }

  @Test
  void resetForgetsMomentsAndSteps() {
    Adam adam = new Adam(3, 0.1);
    float[] params = {1f, -2f, 0.5f};
    adam.step(params, new float[] {0.5f, -1f, 0f});
    adam.step(params, new float[] {-0.5f, 3f, 0f});
    adam.reset();
    assertEquals(0, adam.stepCount());
    float[] fresh = {1f, -2f, 0.5f};
    adam.step(fresh, new float[] {0.5f, -1f, 0f});
    assertArrayEquals(new float[] {0.9f, -1.9f, 0.5f}, fresh, (float) TOLERANCE);
  }

  @Test
  void stateRoundTripResumesWithIdenticalBits() {
    Adam original = new Adam(3, 0.1);
    float[] params = {1f, -2f, 0.5f};
    original.step(params, new float[] {0.5f, -1f, 0f});
    original.step(params, new float[] {-0.5f, 3f, 0f});
    // A big-endian buffer: the state is little-endian anyway and the buffer's order is restored.
    ByteBuffer buffer = ByteBuffer.allocate(original.serializedSize()).order(ByteOrder.BIG_ENDIAN);
    original.writeTo(buffer);
    assertEquals(original.serializedSize(), buffer.position());
    assertEquals(ByteOrder.BIG_ENDIAN, buffer.order());

    Adam resumed = new Adam(3, 0.1);
    buffer.flip();
    resumed.readFrom(buffer);
    assertEquals(2, resumed.stepCount());
    assertEquals(0, buffer.remaining());

    float[] continued = params.clone();
    float[] grads = {0.25f, -0.5f, 0f};
    original.step(params, grads);
    resumed.step(continued, grads);
    assertArrayEquals(params, continued);
  }

  @Test
  void readingAnotherOptimisersStateNamesTheMismatch() {
    RmsProp rmsProp = new RmsProp(3, 0.01);
    ByteBuffer buffer = ByteBuffer.allocate(new Adam(3, 0.1).serializedSize());
    rmsProp.writeTo(buffer);
    buffer.flip();
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> new Adam(3, 0.1).readFrom(buffer));
    assertEquals(
        "Adam state: kind tag expected 1094992205 (0x4144414d), got 1380799312 (0x524d5350)",
        error.getMessage());
  }

  @Test
  void readingStateOfAnotherSizeNamesBothCounts() {
    Adam small = new Adam(2, 0.1);
    ByteBuffer buffer = ByteBuffer.allocate(new Adam(3, 0.1).serializedSize());
    small.writeTo(buffer);
    buffer.putLong(0L); // pad to the larger size so the count, not the length, is what fails
    buffer.flip();
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> new Adam(3, 0.1).readFrom(buffer));
    assertEquals("Adam state: parameter count expected 3 (0x3), got 2 (0x2)", error.getMessage());
  }

  @Test
  void readingTruncatedStateSaysHowManyBytesAreMissing() {
    Adam adam = new Adam(3, 0.1);
    ByteBuffer buffer = ByteBuffer.allocate(adam.serializedSize());
    adam.writeTo(buffer);
    buffer.flip().limit(30);
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> new Adam(3, 0.1).readFrom(buffer));
    assertEquals("Adam state: need 44 bytes for 3 parameters, only 30 remain", error.getMessage());
  }

  @Test
  void rejectsArraysOfTheWrongLength() {
    Adam adam = new Adam(3, 0.1);
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> adam.step(new float[3], new float[4]));
    assertEquals(
        "Adam.step: params and grads must both have 3 values, got 3 and 4", error.getMessage());
  }

  @Test
  void rejectsInvalidHyperparameters() {
    assertThrows(IllegalArgumentException.class, () -> new Adam(3, 0));
    assertThrows(IllegalArgumentException.class, () -> new Adam(3, 0.1, 1.0, 0.999, 1e-8, 0));
    assertThrows(IllegalArgumentException.class, () -> new Adam(3, 0.1, 0.9, 0.999, 1e-8, -1));
    assertThrows(
        IllegalArgumentException.class, () -> new Adam(3, 0.1).setLearningRate(Double.NaN));
  }
}
