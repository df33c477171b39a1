package io.nowcast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PacingTest {

  private static final Instant FIRST = Instant.parse("2013-07-04T00:00:00Z");

  @Test
  void asFastAsPossibleNeverWaits() {
    assertEquals(
        Duration.ZERO, Pacing.asFastAsPossible().dueAfter(99, FIRST, FIRST.plusSeconds(3600)));
  }

  @Test
  void speedDividesTheOriginalSpacing() {
    Pacing sixtyTimes = Pacing.speed(60);
    assertEquals(Duration.ofMinutes(1), sixtyTimes.dueAfter(1, FIRST, FIRST.plusSeconds(3600)));
    assertEquals(Duration.ofSeconds(90), sixtyTimes.dueAfter(2, FIRST, FIRST.plusSeconds(5400)));
  }

  @Test
  void speedSendsOutOfOrderRecordsAtOnce() {
    assertEquals(Duration.ZERO, Pacing.speed(2).dueAfter(3, FIRST, FIRST.minusSeconds(10)));
  }

  @Test
  void rateSpacesRecordsEvenlyWhateverTheirTimes() {
    Pacing fourPerSecond = Pacing.rate(4);
    assertEquals(Duration.ZERO, fourPerSecond.dueAfter(0, FIRST, FIRST));
    assertEquals(Duration.ofMillis(250), fourPerSecond.dueAfter(1, FIRST, FIRST.plusSeconds(9)));
    assertEquals(Duration.ofMillis(2500), fourPerSecond.dueAfter(10, FIRST, FIRST));
  }

  @Test
  void nonPositiveFactorsAreRejectedWithTheirName() {
    IllegalArgumentException speed =
        assertThrows(IllegalArgumentException.class, () -> Pacing.speed(0));
    assertEquals("speed must be a positive number, got 0.0", speed.getMessage());
    IllegalArgumentException rate =
        assertThrows(IllegalArgumentException.class, () -> Pacing.rate(Double.NaN));
    assertEquals("rate must be a positive number, got NaN", rate.getMessage());
  }
}
