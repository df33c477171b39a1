package io.nowcast.cli;

import io.nowcast.model.ModelFiles;
import io.nowcast.model.ModelRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nowcast model run}: a model over a CSV of input vectors, from a zero state. */
@Command(
    name = "run",
    description = {
      "Run a model over a header-less CSV (one time step of input_size values per row) from a zero state.",
      "Prints one line per row: the head outputs, then with --hidden the last layer's h, comma-separated."
    })
final class ModelRunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "model.avro",
      description = "The model file to run.")
  Path model;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "x.csv",
      description = "Header-less CSV of input vectors.")
  Path input;

  @Option(
      names = "--hidden",
      description = "Also print the last layer's hidden state after each step.")
  boolean hidden;

  @Override
  public Integer call() throws IOException {
    ModelRunner runner = new ModelRunner(ModelFiles.readValidated(model));
    try (BufferedReader csv = Files.newBufferedReader(input)) {
      runner.runCsv(csv, spec.commandLine().getOut(), hidden);
    }
    return ExitCodes.OK;
  }
}
