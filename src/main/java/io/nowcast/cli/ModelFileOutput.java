package io.nowcast.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The model file a command writes and the version it gets, shared by {@code train} and {@code model
 * import}. Its {@code --version} is why those two commands take {@link HelpOption} rather than
 * picocli's standard mixin.
 */
final class ModelFileOutput {

  @Option(
      names = "--out",
      required = true,
      paramLabel = "model.avro",
      description = "The model file to write (replaced if present).")
  Path out;

  @Option(
      names = "--version",
      defaultValue = "1",
      description = "Model version, >= 0 (default: ${DEFAULT-VALUE}).")
  long version;
}
