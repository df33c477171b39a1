package io.nowcast.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The single entry point of the jar: {@code java -jar nowcast.jar <command>}.
 *
 * <p>Every command is a thin picocli class over the feature packages; results go to stdout, logs
 * and progress to stderr, so scripts can pipe the output of any command. Failures take one path,
 * {@link ErrorReporter} with {@link ExitCodes}.
 *
 * <p>{@code scope = INHERIT} gives every subcommand the standard {@code -h, --help} and {@code -V,
 * --version} options and {@link NowcastVersion}. Picocli leaves the mixin out of a command that
 * declares one of those names itself: {@code train} and {@code model import}, whose {@code
 * --version} is the model's, take {@link HelpOption} instead.
 */
@Command(
    name = "nowcast",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = NowcastVersion.class,
    description = "Streaming LSTM forecasts on Kafka Streams.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DemoCommand.class,
      ForecasterCommand.class,
      TrainerCommand.class,
      TrainCommand.class,
      BacktestCommand.class,
      ReplayCommand.class,
      BrokerCommand.class,
      ModelCommand.class,
      BenchCommand.class,
      ConfigCommand.class
    })
public final class Nowcast implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    return ErrorReporter.install(new CommandLine(new Nowcast()))
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
