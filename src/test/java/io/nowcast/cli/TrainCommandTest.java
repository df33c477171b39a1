package io.nowcast.cli;

import static io.nowcast.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.model.ModelFiles;
import io.nowcast.model.SnapshotValidator;
import io.nowcast.model.ValidatedModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nowcast train} end to end on a committed NAB slice (MIT, see
 * src/test/resources/nab/ATTRIBUTION.md).
 */
class TrainCommandTest {

  @TempDir Path dir;

  @Test
  void trainsOnACsvAndWritesAModelThatValidatesAndInspects() throws IOException {
    Path csv = copyResource("/nab/ambient_temperature_system_failure.csv");
    Path model = dir.resolve("model.avro");

    CommandRun train =
        run(
            "train",
            "--csv",
            csv.toString(),
            "--time-column",
            "timestamp",
            "--value-column",
            "value",
            "--out",
            model.toString(),
            "--name",
            "ambient",
            "--horizon",
            "3",
            "--layers",
            "8",
            "--epochs",
            "2",
            "--seed",
            "5",
            "--json");

    assertEquals(0, train.exitCode(), train.err());
    JsonNode summary = new ObjectMapper().readTree(train.out());
    assertEquals("ambient@1", summary.get("model").asText());
    // The default seed ensemble of three members, two epochs each.
    assertEquals(3, summary.get("ensemble").asInt());
    assertEquals(6, summary.get("epochs").asInt());
    assertTrue(summary.get("holdout").get("mse").asDouble() > 0);
    assertEquals(3, summary.get("per_step").size());
    assertEquals(3, summary.get("per_step").get(2).get("step").asInt());
    assertTrue(train.err().contains("member 3/3"), train.err());
    ModelSnapshot snapshot = ModelFiles.read(model);
    ValidatedModel validated = SnapshotValidator.forServing().validate(snapshot);
    assertEquals(3, validated.spec().horizon());
    assertEquals(5L, snapshot.getTraining().getSeed());
    assertEquals(3, snapshot.getCalibration().getLower().size());
    CommandRun inspect = run("model", "inspect", "--model", model.toString());
    assertEquals(0, inspect.exitCode(), inspect.err());
    assertTrue(inspect.out().contains("ambient"), inspect.out());
  }

  @Test
  void ensembleOneTrainsASingleNetworkOfTheConfiguredWidth() throws IOException {
    Path csv = copyResource("/nab/ambient_temperature_system_failure.csv");
    Path model = dir.resolve("single.avro");

    CommandRun train =
        run(
            "train",
            "--csv",
            csv.toString(),
            "--time-column",
            "timestamp",
            "--value-column",
            "value",
            "--out",
            model.toString(),
            "--horizon",
            "3",
            "--layers",
            "8",
            "--epochs",
            "2",
            "--ensemble",
            "1",
            "--json");

    assertEquals(0, train.exitCode(), train.err());
    JsonNode summary = new ObjectMapper().readTree(train.out());
    assertEquals(1, summary.get("ensemble").asInt());
    assertEquals(2, summary.get("epochs").asInt());
    assertEquals(List.of(8), ModelFiles.read(model).getLayerSizes());
  }

  @Test
  void aChampionIsScoredOnTheSameHoldoutAndWarmStartsTheChallenger() throws IOException {
    Path csv = copyResource("/nab/machine_temperature_system_failure.csv");
    Path first = dir.resolve("first.avro");
    String[] common = {
      "train",
      "--csv",
      csv.toString(),
      "--time-column",
      "timestamp",
      "--value-column",
      "value",
      "--horizon",
      "2",
      "--layers",
      "8",
      "--epochs",
      "1",
      "--json"
    };
    assertEquals(0, run(concat(common, "--out", first.toString())).exitCode());

    CommandRun second =
        run(
            concat(
                common,
                "--out",
                dir.resolve("second.avro").toString(),
                "--version",
                "2",
                "--champion",
                first.toString()));

    assertEquals(0, second.exitCode(), second.err());
    JsonNode summary = new ObjectMapper().readTree(second.out());
    assertEquals(1, summary.get("parent_version").asLong());
    assertTrue(summary.get("champion").get("mse").asDouble() > 0, second.out());
    assertEquals(1L, ModelFiles.read(dir.resolve("second.avro")).getTraining().getParentVersion());
  }

  @Test
  void theIntervalLevelComesFromTheKeyAndTheOptionOverridesIt() throws IOException {
    Path csv = copyResource("/nab/ambient_temperature_system_failure.csv");
    Path config = dir.resolve("level.properties");
    Files.writeString(config, "nowcast.model.interval.level=0.5\n");
    String[] common = {
      "train",
      "--csv",
      csv.toString(),
      "--time-column",
      "timestamp",
      "--value-column",
      "value",
      "--horizon",
      "2",
      "--layers",
      "8",
      "--epochs",
      "1",
      "--config",
      config.toString()
    };

    CommandRun fromKey = run(concat(common, "--out", dir.resolve("key.avro").toString()));
    CommandRun fromOption =
        run(
            concat(
                common,
                "--out",
                dir.resolve("option.avro").toString(),
                "--interval-level",
                "0.95"));

    assertEquals(0, fromKey.exitCode(), fromKey.err());
    assertEquals(0, fromOption.exitCode(), fromOption.err());
    assertEquals(0.5, ModelFiles.read(dir.resolve("key.avro")).getCalibration().getLevel());
    assertEquals(0.95, ModelFiles.read(dir.resolve("option.avro")).getCalibration().getLevel());
  }

  @Test
  void anIntervalLevelOutsideTheUnitIntervalFailsNamingTheKey() throws IOException {
    Path csv = copyResource("/nab/ambient_temperature_system_failure.csv");

    CommandRun train =
        run(
            "train",
            "--csv",
            csv.toString(),
            "--time-column",
            "timestamp",
            "--value-column",
            "value",
            "--out",
            dir.resolve("m.avro").toString(),
            "--interval-level",
            "1.5");

    assertEquals(1, train.exitCode());
    assertTrue(
        train.err().contains("nowcast.model.interval.level")
            && train.err().contains("1.5")
            && train.err().contains("(0, 1) exclusive"),
        train.err());
    assertTrue(Files.notExists(dir.resolve("m.avro")), "nothing may be written");
  }

  @Test
  void tooLittleDataExitsWithThreeNamingTheKey() throws IOException {
    Path csv = dir.resolve("short.csv");
    StringBuilder rows = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < 20; i++) {
      rows.append(1_600_000_000 + 60 * i).append(',').append(i % 7).append('\n');
    }
    Files.writeString(csv, rows);

    CommandRun train =
        run(
            "train",
            "--csv",
            csv.toString(),
            "--time-column",
            "timestamp",
            "--value-column",
            "value",
            "--out",
            dir.resolve("m.avro").toString());

    assertEquals(ExitCodes.NOT_ENOUGH_DATA, train.exitCode());
    assertTrue(
        train.err().contains("key 'short' has 20 readings, expected at least 100"), train.err());
    assertTrue(Files.notExists(dir.resolve("m.avro")), "nothing may be written");
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  private Path copyResource(String resource) throws IOException {
    Path target = dir.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in =
        Objects.requireNonNull(TrainCommandTest.class.getResourceAsStream(resource), resource)) {
      Files.copy(in, target);
    }
    return target;
  }
}
