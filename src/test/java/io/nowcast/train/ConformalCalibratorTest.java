package io.nowcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nowcast.avro.Calibration;
import org.junit.jupiter.api.Test;

class ConformalCalibratorTest {

  @Test
  void offsetsAreTheResidualQuantilesOfEachStep() {
    ConformalCalibrator calibrator = new ConformalCalibrator(2);
    for (int i = 0; i <= 1000; i++) {
      calibrator.accept(0, i / 1000.0);
      calibrator.accept(1, -2 * i / 1000.0);
    }

    Calibration calibration = calibrator.calibrate(0.8);

    assertEquals(ConformalCalibrator.Rule.CONFORMAL, calibrator.rule());
    assertEquals(0.1, calibration.getLower().get(0), 1e-12);
    assertEquals(0.9, calibration.getUpper().get(0), 1e-12);
    assertEquals(-1.8, calibration.getLower().get(1), 1e-12);
    assertEquals(-0.2, calibration.getUpper().get(1), 1e-12);
  }

  @Test
  void aSmallHoldoutFallsBackToGaussianThenToNone() {
    ConformalCalibrator small = new ConformalCalibrator(1);
    for (int i = 0; i < 20; i++) {
      small.accept(0, i % 2 == 0 ? 1 : -1);
    }
    ConformalCalibrator tiny = new ConformalCalibrator(1);
    tiny.accept(0, 1);

    Calibration gaussian = small.calibrate(0.8);

    assertEquals(ConformalCalibrator.Rule.GAUSSIAN, small.rule());
    assertEquals(1.2815516, gaussian.getUpper().get(0), 1e-6);
    assertEquals(-1.2815516, gaussian.getLower().get(0), 1e-6);
    assertNull(tiny.calibrate(0.8));
    assertEquals(ConformalCalibrator.Rule.NONE, tiny.rule());
  }
}
