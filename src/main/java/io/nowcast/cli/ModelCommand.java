package io.nowcast.cli;

import io.nowcast.model.ModelFiles;
import io.nowcast.model.SnapshotValidator;
import io.nowcast.model.ValidatedModel;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code nowcast model}: import weights trained elsewhere, inspect a model file, run it over a CSV.
 * The subcommands only parse options and print; the work is in {@code io.nowcast.model}.
 */
@Command(
    name = "model",
    description = "Import, inspect and run model files (model.avro).",
    mixinStandardHelpOptions = true,
    versionProvider = NowcastVersion.class,
    subcommands = {ModelImportCommand.class, ModelInspectCommand.class, ModelRunCommand.class})
final class ModelCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads and validates a model file; the validation message is the user's error message. */
  static ValidatedModel load(Path file) {
    return SnapshotValidator.forServing().validate(ModelFiles.read(file));
  }

  /**
   * Prints an expected failure (bad model, bad input, I/O) as one line on stderr and returns exit
   * code 1; anything else is a bug and propagates with its stack trace.
   */
  static int fail(CommandLine.Model.CommandSpec spec, Exception e) {
    spec.commandLine().getErr().println("error: " + e.getMessage());
    spec.commandLine().getErr().flush();
    return 1;
  }
}
