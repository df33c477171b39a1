package io.nowcast.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One NAB series bundled under {@code /demo/nab/} (MIT, see {@code ATTRIBUTION.md} there), read
 * from the classpath so the demo runs from the jar alone.
 *
 * @param sensorId the key its readings carry
 * @param resource classpath path of the CSV ({@code timestamp,value} with a header)
 */
record DemoSeries(String sensorId, String resource) {

  /** Column names of every bundled CSV. */
  static final String TIME_COLUMN = "timestamp";

  static final String VALUE_COLUMN = "value";

  /** The sensors of the demo. */
  static final List<DemoSeries> BUNDLED =
      List.of(
          new DemoSeries("machine-temperature", "/demo/nab/machine_temperature_system_failure.csv"),
          new DemoSeries("ambient-temperature", "/demo/nab/ambient_temperature_system_failure.csv"),
          new DemoSeries("ec2-cpu", "/demo/nab/ec2_cpu_utilization_5f5533.csv"),
          new DemoSeries("nyc-taxi", "/demo/nab/nyc_taxi.csv"));

  /** The CSV's lines, header first. */
  List<String> lines() {
    InputStream in = DemoSeries.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("demo data missing from the classpath: " + resource);
    }
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().filter(line -> !line.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read demo data " + resource, e);
    }
  }
}
