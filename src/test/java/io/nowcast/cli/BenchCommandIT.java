package io.nowcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code nowcast bench --quick --json} end to end on its own embedded broker: the output is one
 * JSON object with every field of the bench contract and plausible values. Not a speed test: the
 * figures depend on the machine and its load.
 */
class BenchCommandIT {

  private static final List<String> RATES =
      List.of(
          "passthrough_eps",
          "forecaster_eps",
          "ratio",
          "latency_p50_ms",
          "latency_p99_ms",
          "latency_rate_eps");

  @Test
  void quickJsonRunReportsEveryContractField() throws Exception {
    CommandLine commandLine = Nowcast.commandLine();
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(new StringWriter()));

    assertEquals(0, commandLine.execute("bench", "--quick", "--json"));

    JsonNode result = new ObjectMapper().readTree(out.toString());
    assertEquals(50_000, result.path("events").asInt(), out.toString());
    assertEquals(1_000, result.path("keys").asInt());
    assertEquals(4, result.path("partitions").asInt());
    for (String field : RATES) {
      assertTrue(result.path(field).isNumber(), field + " missing or not a number in " + out);
    }
    assertTrue(result.path("passthrough_eps").asDouble() > 0, out.toString());
    assertTrue(result.path("forecaster_eps").asDouble() > 0, out.toString());
    assertTrue(result.path("latency_rate_eps").asDouble() > 0, out.toString());
    assertEquals(
        result.path("forecaster_eps").asDouble() / result.path("passthrough_eps").asDouble(),
        result.path("ratio").asDouble(),
        1e-3,
        "ratio is forecaster / pass-through");
    assertTrue(result.path("latency_p50_ms").asDouble() >= 0, out.toString());
    assertTrue(
        result.path("latency_p99_ms").asDouble() >= result.path("latency_p50_ms").asDouble(),
        out.toString());
    assertTrue(
        result.path("state_bytes").asInt() > 0 && result.path("forecast_bytes").asInt() > 0,
        out.toString());
  }
}
