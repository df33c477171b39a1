package io.nowcast.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every command reports a failure on stderr: one line {@code <command>: <message>} (the command
 * as typed after {@code nowcast}, e.g. {@code model import: ...}), then the exit code of {@link
 * ExitCodes}. Commands only throw; none prints its own errors.
 *
 * <p>A failure whose message is written for the user ends there. Any other exception is a bug, so
 * its stack trace follows the line, for the report. A usage error adds picocli's suggestions for a
 * mistyped option and a pointer to {@code --help}, rather than the whole usage text, so the error
 * stays visible.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

  private final IExitCodeExceptionMapper exitCodes;

  private ErrorReporter(IExitCodeExceptionMapper exitCodes) {
    this.exitCodes = exitCodes;
  }

  /** Routes every failure of {@code commandLine} and its subcommands through this path. */
  static CommandLine install(CommandLine commandLine) {
    ExitCodes exitCodes = new ExitCodes();
    ErrorReporter reporter = new ErrorReporter(exitCodes);
    return commandLine
        .setExitCodeExceptionMapper(exitCodes)
        .setExecutionExceptionHandler(reporter)
        .setParameterExceptionHandler(reporter);
  }

  @Override
  public int handleExecutionException(
      Exception failure, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    err.println(prefix(command) + message(failure));
    if (!isMeantForTheUser(failure)) {
      failure.printStackTrace(err);
    }
    err.flush();
    return exitCodes.getExitCode(failure);
  }

  @Override
  public int handleParseException(ParameterException failure, String[] args) {
    CommandLine command = failure.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(prefix(command) + failure.getMessage());
    UnmatchedArgumentException.printSuggestions(failure, err);
    err.println(
        "Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }

  /**
   * {@code "train: "} for {@code nowcast train}, {@code "model import: "} for a subcommand, {@code
   * "nowcast: "} for the top level: the words a user typed, so a script's log says which step
   * failed.
   */
  static String prefix(CommandLine command) {
    CommandLine root = command;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    String path = command.getCommandSpec().qualifiedName();
    String rootName = root.getCommandName() + " ";
    return (path.startsWith(rootName) ? path.substring(rootName.length()) : path) + ": ";
  }

  /**
   * The exception's message. Java names only the path of a missing file and gives no message for an
   * interruption, so those two say what happened.
   */
  private static String message(Throwable failure) {
    if (failure instanceof NoSuchFileException missing) {
      return missing.getFile() + ": no such file";
    }
    if (failure instanceof InterruptedException) {
      return "interrupted";
    }
    return failure.getMessage() != null ? failure.getMessage() : failure.toString();
  }

  /**
   * The project's own exceptions and Kafka's are thrown on purpose with a message that names the
   * problem (a bad model, not enough data, a configuration key, an unreachable broker); so are the
   * JDK's for a bad argument, a bad state, I/O and interruption. Everything else (a null pointer,
   * an index out of bounds) is a bug.
   */
  private static boolean isMeantForTheUser(Throwable failure) {
    return failure.getClass().getPackageName().startsWith("io.nowcast.")
        || failure instanceof KafkaException
        || failure instanceof IllegalArgumentException
        || failure instanceof IllegalStateException
        || failure instanceof IOException
        || failure instanceof UncheckedIOException
        || failure instanceof InterruptedException;
  }
}
