package io.nowcast.nn.kernel;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Scratch arrays grow to the largest request and are then reused (no allocation per call). */
class ScratchTest {

  @Test
  void reusesTheArrayForEqualOrSmallerRequests() {
    Scratch scratch = new Scratch();
    float[] first = scratch.transposed(1000);
    assertSame(first, scratch.transposed(1000));
    assertSame(first, scratch.transposed(10));
    float[] tail = scratch.tailC(64);
    assertSame(tail, scratch.tailC(16));
  }

  @Test
  void growsWhenARequestIsLarger() {
    Scratch scratch = new Scratch();
    float[] small = scratch.tailB(16);
    float[] large = scratch.tailB(17);
    assertNotSame(small, large);
    assertTrue(large.length >= 17);
    assertTrue(scratch.rowOffsets(16).length >= 16);
  }
}
