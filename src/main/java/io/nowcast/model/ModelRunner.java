package io.nowcast.model;

import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.NetworkState;
import io.nowcast.nn.StepWorkspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;

/**
 * Runs a validated model over a sequence of input vectors from a zero state, one step per row: the
 * logic of {@code nowcast model run}, used to check a model against the framework it came from.
 * Values are printed with {@link Float#toString}, the shortest text that reads back to the same
 * float, so outputs can be compared bit for bit.
 */
public final class ModelRunner {
  private final NetworkSpec spec;
  private final Network network;
  private final NetworkState state;
  private final StepWorkspace workspace;
  private final float[] output;

  public ModelRunner(ValidatedModel model) {
    this.spec = model.spec();
    this.network = new Network(spec, model.parameters());
    this.state = network.newState();
    this.workspace = network.newWorkspace();
    this.output = new float[spec.outputSize()];
  }

  /** One step from the current state; returns a copy of the head outputs. */
  public float[] step(float[] x) {
    network.step(state, x, workspace, output);
    return output.clone();
  }

  /** The last layer's hidden vector after the latest step. */
  public float[] lastHidden() {
    float[] h = state.h();
    return Arrays.copyOfRange(h, h.length - spec.lastHiddenSize(), h.length);
  }

  /**
   * Reads a header-less CSV, one step of {@code input_size} comma-separated numbers per line (blank
   * lines are skipped), and prints one line per step: the head outputs, then with {@code
   * withHidden} the last layer's h, comma-separated.
   *
   * @throws IllegalArgumentException for a line of the wrong width or a value that is not a finite
   *     number, naming the line
   */
  public void runCsv(BufferedReader csv, PrintWriter out, boolean withHidden) throws IOException {
    String line;
    for (int number = 1; (line = csv.readLine()) != null; number++) {
      if (line.isBlank()) {
        continue;
      }
      float[] outputs = step(parseRow(line, number));
      StringBuilder row = new StringBuilder();
      append(row, outputs);
      if (withHidden) {
        row.append(',');
        append(row, lastHidden());
      }
      out.println(row);
    }
    out.flush();
  }

  private float[] parseRow(String line, int number) {
    String[] cells = line.split(",", -1);
    if (cells.length != spec.inputSize()) {
      throw new IllegalArgumentException(
          "input line "
              + number
              + ": expected "
              + spec.inputSize()
              + " values (the model's input_size), actual "
              + cells.length);
    }
    float[] x = new float[cells.length];
    for (int i = 0; i < cells.length; i++) {
      x[i] = parseValue(cells[i].trim(), number, i + 1);
    }
    return x;
  }

  private static float parseValue(String cell, int line, int column) {
    float value;
    try {
      value = Float.parseFloat(cell);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "input line "
              + line
              + " column "
              + column
              + ": expected a number, actual '"
              + cell
              + "'");
    }
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException(
          "input line "
              + line
              + " column "
              + column
              + ": expected a finite number, actual "
              + cell);
    }
    return value;
  }

  private static void append(StringBuilder row, float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        row.append(',');
      }
      row.append(values[i]);
    }
  }
}
