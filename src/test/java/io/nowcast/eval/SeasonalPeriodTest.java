package io.nowcast.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeasonalPeriodTest {

  @Test
  void findsTheDailyCycleOfHourlyDataUnderATrendAndNoise() {
    SplittableRandom random = new SplittableRandom(3);
    double[] values = new double[2000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 0.01 * i + Math.sin(2 * Math.PI * i / 24) + 0.1 * random.nextGaussian();
    }

    assertEquals(24, SeasonalPeriod.detect(values, values.length));
  }

  @Test
  void aSeriesTooShortForAnyCandidateGetsTheShortestPeriod() {
    assertEquals(SeasonalPeriod.MIN_PERIOD, SeasonalPeriod.detect(new double[] {1, 2, 3, 4}, 4));
  }
}
