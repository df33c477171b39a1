package io.nowcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code nowcast bench trainer --json} end to end (a broker in a child JVM, a small fleet, a small
 * model from {@code --config}, a budget smaller than the fleet): one JSON object with every field
 * of the contract. Not a speed test: the figures depend on the machine and its load.
 */
class BenchTrainerCommandIT {

  private static final List<String> NUMBERS =
      List.of(
          "keys",
          "readings_read",
          "readings_kept",
          "read_seconds",
          "train_seconds",
          "cycle_seconds",
          "peak_heap_bytes",
          "threads",
          "steps_per_second",
          "gflops",
          "holdout_mae",
          "persistence_mae");

  @TempDir Path dir;

  @Test
  void aSmallFleetReportsEveryContractFieldAndTheBudget() throws Exception {
    Path config = dir.resolve("small.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "nowcast.trainer.max.points=1500",
            "nowcast.model.layers=8",
            "nowcast.model.horizon=4",
            "nowcast.model.epochs=2",
            "nowcast.model.ensemble=1",
            ""));
    CommandLine commandLine = Nowcast.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));

    int exit =
        commandLine.execute(
            "bench",
            "trainer",
            "--keys",
            "12",
            "--points",
            "300",
            "--json",
            "--config",
            config.toString());

    assertEquals(0, exit, err.toString());
    JsonNode result = new ObjectMapper().readTree(out.toString());
    for (String field : NUMBERS) {
      assertTrue(result.path(field).isNumber(), field + " missing or not a number in " + out);
    }
    assertEquals(12, result.path("keys").asInt());
    assertEquals(3_600, result.path("readings_read").asLong());
    assertEquals(1_500, result.path("readings_kept").asLong(), "5 of 12 keys fit the budget");
    assertEquals(5, result.path("keys_sampled").asInt());
    assertTrue(
        result.path("cycle_seconds").asDouble()
            >= result.path("read_seconds").asDouble() + result.path("train_seconds").asDouble(),
        out.toString());
    long peak = result.path("peak_heap_bytes").asLong();
    assertTrue(peak > 0 && peak <= result.path("max_heap_bytes").asLong(), out.toString());
    assertTrue(result.path("holdout_mae").asDouble() > 0, out.toString());
    assertTrue(result.path("persistence_mae").asDouble() > 0, out.toString());
  }
}
