package io.nowcast.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bundled data is in the jar's resources, with its header and enough rows for preload and
 * replay.
 */
class DemoSeriesTest {

  @Test
  void everyBundledSeriesHasAHeaderAndMoreRowsThanThePreload() {
    for (DemoSeries series : DemoSeries.BUNDLED) {
      List<String> lines = series.lines();
      assertEquals(
          DemoSeries.TIME_COLUMN + "," + DemoSeries.VALUE_COLUMN, lines.get(0), series.resource());
      assertTrue(
          lines.size() - 1 > DemoSettings.PRELOAD_ROWS,
          series.resource() + " has " + lines.size() + " lines");
    }
  }

  @Test
  void attributionAndLicenceShipWithTheData() {
    assertTrue(DemoSeries.class.getResource("/demo/nab/ATTRIBUTION.md") != null, "ATTRIBUTION.md");
    assertTrue(DemoSeries.class.getResource("/demo/nab/LICENSE") != null, "LICENSE");
  }
}
