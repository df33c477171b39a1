package io.nowcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The closed-form least-squares factor per step, clipped to [0, 1]. */
class ShrinkageFitTest {

  @Test
  void aNetworkThatOvershootsTwiceTheTruthIsHalved() {
    ShrinkageFit fit = new ShrinkageFit(1);
    for (int i = 1; i <= 50; i++) {
      double change = Math.sin(i);
      fit.accept(0, 3 + 2 * change, 3 + change, 3);
    }

    assertEquals(0.5, fit.factors().get(0), 1e-12);
  }

  @Test
  void factorsAreClippedToZeroAndOneAndOneWhenTheNetworkAlwaysSaidPersistence() {
    ShrinkageFit fit = new ShrinkageFit(3);
    for (int i = 1; i <= 50; i++) {
      double change = Math.cos(i);
      fit.accept(0, -change, change, 0);
      fit.accept(1, 0.5 * change, change, 0);
      fit.accept(2, 0, change, 0);
    }

    assertEquals(List.of(0.0, 1.0, 1.0), fit.factors());
  }
}
