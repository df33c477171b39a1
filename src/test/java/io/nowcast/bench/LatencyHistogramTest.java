package io.nowcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void percentilesAreTheSmallestLatencyCoveringTheShare() {
    LatencyHistogram histogram = new LatencyHistogram(1_000);
    for (int millis = 1; millis <= 100; millis++) {
      histogram.record(millis);
    }
    assertEquals(50, histogram.percentile(50));
    assertEquals(99, histogram.percentile(99));
    assertEquals(100, histogram.percentile(100));
  }

  @Test
  void outOfRangeLatenciesAreClampedNotLost() {
    LatencyHistogram histogram = new LatencyHistogram(10);
    histogram.record(-3);
    histogram.record(500);
    assertEquals(2, histogram.count());
    assertEquals(0, histogram.percentile(50));
    assertEquals(10, histogram.percentile(100));
  }

  @Test
  void anEmptyHistogramHasNoPercentile() {
    assertThrows(IllegalStateException.class, () -> new LatencyHistogram(10).percentile(50));
  }
}
