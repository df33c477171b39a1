package io.nowcast.cli;

import io.nowcast.model.ModelFiles;
import io.nowcast.model.ModelInspection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nowcast model inspect}: validates a model file and prints what it holds. */
@Command(
    name = "inspect",
    description =
        "Validate a model file and print its shape, parameter count, features, calibration and provenance.")
final class ModelInspectCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "model.avro",
      description = "The model file to inspect.")
  Path model;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ModelInspection.describe(ModelFiles.readValidated(model)).forEach(out::println);
    out.flush();
    return ExitCodes.OK;
  }
}
