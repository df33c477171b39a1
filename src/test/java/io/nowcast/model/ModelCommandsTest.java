package io.nowcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.cli.Nowcast;
import io.nowcast.nn.CellType;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.ParameterLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nowcast model import | inspect | run} end to end through the real command line. */
class ModelCommandsTest {
  @TempDir Path dir;

  private record Result(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  private static Result nowcast(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Nowcast.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  private Path weights(String golden, String format) throws IOException {
    GoldenCase c = GoldenCase.load(golden);
    return Files.writeString(
        dir.resolve(golden + ".json"), format.equals("keras") ? c.kerasJson() : c.pytorchJson());
  }

  private Path inputs(GoldenCase golden, int sequence) throws IOException {
    List<String> rows = new ArrayList<>();
    for (float[] step : golden.inputs()[sequence]) {
      StringBuilder row = new StringBuilder();
      for (float value : step) {
        row.append(row.length() == 0 ? "" : ",").append(value);
      }
      rows.add(row.toString());
    }
    return Files.write(dir.resolve("x.csv"), rows);
  }

  private Path imported(String golden, String format) throws IOException {
    Path model = dir.resolve(golden + "-" + format + ".avro");
    Result result =
        nowcast(
            "model",
            "import",
            "--format",
            format,
            "--in",
            weights(golden, format).toString(),
            "--out",
            model.toString(),
            "--name",
            "ett",
            "--version",
            "7",
            "--features",
            "value,dt,gap");
    assertEquals(0, result.exitCode(), result.err());
    return model;
  }

  @Test
  void importWritesAModelAndReportsIt() throws IOException {
    Path model = dir.resolve("model.avro");
    Result result = importGru2(model, "value,dt,gap");

    assertEquals(0, result.exitCode(), result.err());
    assertEquals(
        "wrote "
            + model
            + ": gru2@1 GRU input=3 layers=[5, 4] horizon=3 output=POINT (297 parameters)",
        result.out().strip());
    assertTrue(Files.size(model) > 297 * 4);
  }

  @Test
  void importRefusesFeaturesWhoseWidthIsNotTheNetworksInput() throws IOException {
    Path model = dir.resolve("narrow.avro");
    Result result = importGru2(model, "value");

    assertEquals(1, result.exitCode());
    assertTrue(
        result
            .err()
            .contains(
                "model gru2@1: input_size: expected 1 (the width of features 'value'), actual 3"),
        result.err());
    assertFalse(Files.exists(model), "nothing is written");
  }

  /** Imports the Keras GRU of three inputs with {@code features}. */
  private Result importGru2(Path out, String features) throws IOException {
    return nowcast(
        "model",
        "import",
        "--format",
        "KERAS",
        "--in",
        weights("gru2", "keras").toString(),
        "--features",
        features,
        "--out",
        out.toString());
  }

  @Test
  void inspectPrintsShapeFeaturesAndProvenance() throws IOException {
    Result result = nowcast("model", "inspect", "--model", imported("lstm2", "pytorch").toString());

    assertEquals(0, result.exitCode(), result.err());
    List<String> lines = result.lines();
    assertTrue(lines.contains("name: ett"), result.out());
    assertTrue(lines.contains("version: 7"), result.out());
    assertTrue(lines.contains("cell: LSTM"), result.out());
    assertTrue(lines.contains("input_size: 3"), result.out());
    assertTrue(lines.contains("layer_sizes: [5, 4]"), result.out());
    assertTrue(lines.contains("horizon: 3"), result.out());
    assertTrue(lines.contains("features: value,dt,gap"), result.out());
    assertTrue(lines.contains("calibration: none"), result.out());
    assertTrue(lines.contains("training.source: import:pytorch"), result.out());
    int parameters =
        ParameterLayout.of(NetworkSpec.of(CellType.LSTM, 3, new int[] {5, 4}, 3, OutputKind.POINT))
            .size();
    assertTrue(
        lines.contains("parameters: " + parameters + " (" + parameters * 4 + " bytes)"),
        result.out());
  }

  @Test
  void runPrintsHeadOutputsPerRowMatchingTensorFlowJs() throws IOException {
    GoldenCase golden = GoldenCase.load("lstm1_batch2");
    Path model = imported("lstm1_batch2", "keras");

    Result result =
        nowcast(
            "model", "run", "--model", model.toString(), "--input", inputs(golden, 1).toString());

    assertEquals(0, result.exitCode(), result.err());
    assertRowsClose(golden.outputs()[1], null, result.lines());
  }

  @Test
  void runWithHiddenAppendsTheLastLayersState() throws IOException {
    GoldenCase golden = GoldenCase.load("rnn_relu");
    Path model = imported("rnn_relu", "pytorch");

    Result result =
        nowcast(
            "model",
            "run",
            "--model",
            model.toString(),
            "--input",
            inputs(golden, 0).toString(),
            "--hidden");

    assertEquals(0, result.exitCode(), result.err());
    assertRowsClose(golden.outputs()[0], golden.hidden()[0], result.lines());
  }

  @Test
  void runRefusesARowOfTheWrongWidth() throws IOException {
    Path model = imported("gru1", "keras");
    Path csv = Files.writeString(dir.resolve("bad.csv"), "0.1,0.2,0.3\n0.4,0.5\n");

    Result result = nowcast("model", "run", "--model", model.toString(), "--input", csv.toString());

    assertEquals(1, result.exitCode());
    assertEquals(
        "model run: input line 2: expected 3 values (the model's input_size), actual 2",
        result.err().strip());
  }

  @Test
  void importOfABadFileFailsWithTheTensorNamed() throws IOException {
    Path broken =
        Files.writeString(
            dir.resolve("broken.json"),
            "{\"format\":\"pytorch\",\"cell\":\"lstm\",\"tensors\":{}}");

    Result result =
        nowcast(
            "model",
            "import",
            "--format",
            "pytorch",
            "--in",
            broken.toString(),
            "--out",
            dir.resolve("m.avro").toString());

    assertEquals(1, result.exitCode());
    assertEquals(
        "model import: pytorch file: expected exactly one tensor named <module>.weight_ih_l0, actual none among []",
        result.err().strip());
    assertTrue(Files.notExists(dir.resolve("m.avro")));
  }

  @Test
  void importRefusesANegativeVersion() throws IOException {
    Result result =
        nowcast(
            "model",
            "import",
            "--format",
            "keras",
            "--in",
            weights("lstm1", "keras").toString(),
            "--out",
            dir.resolve("m.avro").toString(),
            "--version",
            "-1");

    assertEquals(1, result.exitCode());
    assertEquals(
        "model import: model lstm1@-1: version: expected >= 0, actual -1", result.err().strip());
  }

  @Test
  void inspectOfAMissingFileFails() {
    Result result = nowcast("model", "inspect", "--model", dir.resolve("absent.avro").toString());

    assertEquals(1, result.exitCode());
    assertEquals(
        "model inspect: model file " + dir.resolve("absent.avro") + ": no such file",
        result.err().strip());
  }

  @Test
  void missingOptionIsAUsageError() {
    Result result = nowcast("model", "run", "--input", "x.csv");

    assertEquals(2, result.exitCode());
    assertTrue(
        result.err().contains("Missing required option: '--model=model.avro'"), result.err());
  }

  /** Each line: the head outputs, then (when {@code hidden} is given) the last layer's h. */
  private static void assertRowsClose(float[][] outputs, float[][] hidden, List<String> lines) {
    assertEquals(outputs.length, lines.size(), String.join("\n", lines));
    for (int t = 0; t < outputs.length; t++) {
      String[] cells = lines.get(t).split(",");
      int width = outputs[t].length + (hidden == null ? 0 : hidden[t].length);
      assertEquals(width, cells.length, lines.get(t));
      for (int i = 0; i < cells.length; i++) {
        float expected = i < outputs[t].length ? outputs[t][i] : hidden[t][i - outputs[t].length];
        float actual = Float.parseFloat(cells[i]);
        assertTrue(
            Math.abs(expected - actual) <= 1e-5 * (1 + Math.abs(expected)),
            "line " + (t + 1) + " value " + i + ": expected " + expected + ", actual " + actual);
      }
    }
  }
}
