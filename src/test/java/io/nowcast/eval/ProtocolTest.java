package io.nowcast.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.train.Series;
import org.junit.jupiter.api.Test;

class ProtocolTest {

  private static final long HOUR = 3_600_000L;

  static Series regular(int rows, long intervalMillis) {
    long[] times = new long[rows];
    double[] values = new double[rows];
    for (int i = 0; i < rows; i++) {
      times[i] = 1_467_331_200_000L + i * intervalMillis;
      values[i] = i % 7 + (i < 100 ? 0.5 : 0);
    }
    return Series.of("s", times, values);
  }

  @Test
  void hourlyEttUsesTheStandardBordersAndTheTrainRowsScale() {
    Series series = regular(17_420, HOUR);

    Protocol protocol = Protocol.ett(series);

    assertEquals(8640, protocol.trainEnd());
    assertEquals(11520, protocol.validationEnd());
    assertEquals(11520, protocol.testStart());
    assertEquals(14400, protocol.testEnd());
    assertEquals(14400 - 24 - 11520 + 1, protocol.positions(24));
    double mean = 0;
    for (int i = 0; i < 8640; i++) {
      mean += series.value(i);
    }
    mean /= 8640;
    double variance = 0;
    for (int i = 0; i < 8640; i++) {
      variance += (series.value(i) - mean) * (series.value(i) - mean);
    }
    assertEquals(mean, protocol.scaleMean(), 1e-12);
    assertEquals(Math.sqrt(variance / 8640), protocol.scaleStd(), 1e-12);
  }

  @Test
  void fifteenMinuteEttMultipliesTheBordersByFour() {
    Protocol protocol = Protocol.ett(regular(60_000, HOUR / 4));

    assertEquals(34_560, protocol.trainEnd());
    assertEquals(46_080, protocol.validationEnd());
    assertEquals(57_600, protocol.testEnd());
  }

  @Test
  void ettRefusesASeriesTooShortOrNotSubHourly() {
    IllegalArgumentException shortSeries =
        assertThrows(IllegalArgumentException.class, () -> Protocol.ett(regular(14_000, HOUR)));
    assertTrue(
        shortSeries.getMessage().contains("has 14000 rows, expected at least 14400"),
        shortSeries.getMessage());
    IllegalArgumentException daily =
        assertThrows(
            IllegalArgumentException.class, () -> Protocol.ett(regular(20_000, 24 * HOUR)));
    assertTrue(daily.getMessage().contains("interval dividing one hour"), daily.getMessage());
  }

  @Test
  void holdoutTestsTheLastFractionAndValidatesOnTheEndOfTheRest() {
    Protocol protocol = Protocol.holdout(regular(1000, HOUR), 0.3, 0.2);

    assertEquals(700, protocol.testStart());
    assertEquals(560, protocol.trainEnd());
    assertEquals(1000, protocol.testEnd());
    assertEquals(1.0, protocol.scaleStd());
    assertEquals(1000 - 12 - 700 + 1, protocol.positions(12));
  }
}
