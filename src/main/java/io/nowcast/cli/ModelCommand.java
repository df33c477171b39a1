package io.nowcast.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code nowcast model}: import weights trained elsewhere, inspect a model file, run it over a CSV.
 * The subcommands only parse options and print; the work is in {@code io.nowcast.model}.
 */
@Command(
    name = "model",
    description = "Import, inspect and run model files (model.avro).",
    subcommands = {ModelImportCommand.class, ModelInspectCommand.class, ModelRunCommand.class})
final class ModelCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
