package io.nowcast.cli;

import static io.nowcast.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nowcast backtest} end to end on a committed NAB slice (MIT, see
 * src/test/resources/nab/ATTRIBUTION.md).
 */
class BacktestCommandTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private String[] holdoutArgs(String... extra) throws IOException {
    Path csv = dir.resolve("ambient.csv");
    try (InputStream in =
        Objects.requireNonNull(
            getClass().getResourceAsStream("/nab/ambient_temperature_system_failure.csv"))) {
      Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
    }
    Path config = dir.resolve("small.properties");
    Files.writeString(
        config, "nowcast.model.layers=8\nnowcast.model.epochs=2\nnowcast.model.batch.size=4\n");
    List<String> args =
        new ArrayList<>(
            List.of(
                "backtest",
                "--csv",
                csv.toString(),
                "--time-column",
                "timestamp",
                "--value-column",
                "value",
                "--protocol",
                "holdout",
                "--test-fraction",
                "0.3",
                "--horizon",
                "12",
                "--seed",
                "11",
                "--config",
                config.toString()));
    args.addAll(Arrays.asList(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void jsonIsExactlyOneObjectWithTheContractFields() throws IOException {
    CommandRun run = run(holdoutArgs("--json"));

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(1, run.out().strip().lines().count(), run.out());
    JsonNode result = JSON.readTree(run.out());
    for (String field :
        List.of("mse", "mae", "rmse", "mase", "coverage", "interval_width", "seconds")) {
      assertTrue(result.get(field).isNumber(), field);
    }
    assertEquals(
        result.get("mse").asDouble(),
        result.get("rmse").asDouble() * result.get("rmse").asDouble(),
        1e-9);
    for (String baseline : List.of("persistence", "seasonal_naive")) {
      for (String field : List.of("mse", "mae", "rmse")) {
        assertTrue(
            result.get("baselines").get(baseline).get(field).asDouble() > 0,
            baseline + "." + field);
      }
    }
    JsonNode steps = result.get("per_step");
    assertEquals(12, steps.size());
    assertEquals(12, steps.get(11).get("step").asInt());
    JsonNode first = steps.get(0);
    assertEquals(
        first.get("mae").asDouble() / first.get("persistence").get("mae").asDouble(),
        first.get("mase").asDouble(),
        1e-12);
    assertEquals("holdout", result.get("protocol").asText());
    assertEquals(12, result.get("shrinkage").size(), "one shrinkage factor per step");
    double coverage = result.get("validation").get("coverage").asDouble();
    assertTrue(coverage > 0 && coverage <= 1, "validation coverage " + coverage);
    assertEquals(12, result.get("validation").get("coverage_by_step").size());
    assertTrue(run.err().contains("epoch 2/2"), run.err());
  }

  @Test
  void theIntervalLevelKeyAndOptionWidenTheIntervals() throws IOException {
    Path levelConfig = dir.resolve("level.properties");
    Files.writeString(
        levelConfig,
        "nowcast.model.layers=8\nnowcast.model.epochs=2\nnowcast.model.batch.size=4\n"
            + "nowcast.model.interval.level=0.5\n");
    String[] keyArgs = holdoutArgs("--json");
    keyArgs[Arrays.asList(keyArgs).indexOf("--config") + 1] = levelConfig.toString();

    JsonNode fromKey = JSON.readTree(run(keyArgs).out());
    JsonNode fromOption =
        JSON.readTree(run(holdoutArgs("--json", "--interval-level", "0.95")).out());

    double narrow = fromKey.get("interval_width").asDouble();
    double wide = fromOption.get("interval_width").asDouble();
    assertTrue(narrow > 0 && wide > narrow, "width at 0.5 " + narrow + ", at 0.95 " + wide);
    assertTrue(
        fromOption.get("coverage").asDouble() > fromKey.get("coverage").asDouble(),
        fromKey.get("coverage") + " vs " + fromOption.get("coverage"));
  }

  @Test
  void theSameSeedGivesTheSameResult() throws IOException {
    ObjectNode first = (ObjectNode) JSON.readTree(run(holdoutArgs("--json")).out());
    ObjectNode second = (ObjectNode) JSON.readTree(run(holdoutArgs("--json")).out());

    first.remove("seconds");
    second.remove("seconds");
    assertEquals(first, second);
  }

  @Test
  void plotWritesAPngOfTheDeclaredSize() throws IOException {
    Path png = dir.resolve("plot.png");

    CommandRun run = run(holdoutArgs("--plot", png.toString()));

    assertEquals(0, run.exitCode(), run.err());
    byte[] bytes = Files.readAllBytes(png);
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length));
    ByteBuffer header = ByteBuffer.wrap(bytes, 16, 8);
    assertEquals(1200, header.getInt());
    assertEquals(500, header.getInt());
    assertTrue(run.out().contains("MASE"), run.out());
  }

  @Test
  void ettProtocolOnAShortFileFailsNamingTheRowCount() throws IOException {
    List<String> args = new ArrayList<>(Arrays.asList(holdoutArgs()));
    args.set(args.indexOf("holdout"), "ett");

    CommandRun run = run(args.toArray(String[]::new));

    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("expected at least 14400"), run.err());
  }
}
