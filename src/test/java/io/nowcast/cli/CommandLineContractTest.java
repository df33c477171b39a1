package io.nowcast.cli;

import static io.nowcast.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.train.NotEnoughDataException;
import io.nowcast.train.TrainingDivergedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What every command shares: {@code --help} and {@code --version} from the standard mixin, errors
 * as one line {@code <command>: <message>} on stderr, and the exit codes of {@link ExitCodes}.
 */
class CommandLineContractTest {

  /** The commands whose {@code --version} is the version of the model they write. */
  private static final Set<String> MODEL_VERSION_OPTION = Set.of("train", "model import");

  @TempDir Path dir;

  /** Every command and subcommand as typed after {@code nowcast}, e.g. "model import". */
  static Stream<String> commands() {
    List<String> paths = new ArrayList<>();
    collect(Nowcast.commandLine(), "", paths);
    return paths.stream();
  }

  private static void collect(CommandLine parent, String prefix, List<String> paths) {
    parent
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals("help")) {
                paths.add(prefix + name);
                collect(sub, prefix + name + " ", paths);
              }
            });
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpPrintsTheUsageOnStdout(String command) {
    CommandRun run = run(args(command, "--help"));

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("Usage: nowcast " + command + " "), run.out());
    assertEquals("", run.err());
  }

  @ParameterizedTest
  @MethodSource("commands")
  void versionPrintsTheNowcastVersionUnlessItNamesTheModelVersion(String command) {
    OptionSpec option = subcommand(command).getCommandSpec().findOption("--version");

    if (MODEL_VERSION_OPTION.contains(command)) {
      assertFalse(option.versionHelp(), command);
      assertTrue(option.description()[0].startsWith("Model version"), option.description()[0]);
      return;
    }
    CommandRun run = run(args(command, "--version"));
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(new NowcastVersion().getVersion()[0], run.out().strip());
  }

  @Test
  void theTopLevelPrintsTheVersionAndItsUsage() {
    CommandRun version = run("--version");
    CommandRun usage = run();

    assertEquals(0, version.exitCode());
    assertEquals(new NowcastVersion().getVersion()[0], version.out().strip());
    assertEquals(0, usage.exitCode());
    assertTrue(usage.out().startsWith("Usage: nowcast "), usage.out());
  }

  @Test
  void failuresAreOneLineOnStderrNamingTheCommand() {
    Path missing = dir.resolve("missing.csv");
    String csv = missing.toString();
    String[][] cases = {
      {"train", "--csv", csv, "--time-column", "t", "--value-column", "v", "--out", "m.avro"},
      {"backtest", "--csv", csv, "--time-column", "t", "--value-column", "v"},
      {"model", "inspect", "--model", dir.resolve("absent.avro").toString()},
      {"trainer", "--config", dir.resolve("absent.properties").toString()},
      {"forecaster", "--config", dir.resolve("absent.properties").toString()},
      {"demo", "--duration", "soon"},
      {"broker", "--port", "70000"},
    };
    String[] expected = {
      "train: " + missing + ": no such file",
      "backtest: " + missing + ": no such file",
      "model inspect: model file " + dir.resolve("absent.avro") + ": no such file",
      "trainer: config file " + dir.resolve("absent.properties") + " does not exist",
      "forecaster: config file " + dir.resolve("absent.properties") + " does not exist",
      "demo: duration 'soon': expected",
      "broker: port must be 0..65535, got 70000",
    };
    for (int i = 0; i < cases.length; i++) {
      CommandRun run = run(cases[i]);

      assertEquals(ExitCodes.ERROR, run.exitCode(), String.join(" ", cases[i]));
      assertEquals(1, run.errLines().size(), run.err());
      assertTrue(run.err().startsWith(expected[i]), run.err());
      assertEquals("", run.out());
    }
  }

  @Test
  void usageErrorsNameTheCommandAndPointToItsHelp() {
    CommandRun missingOption = run("model", "run", "--input", "x.csv");
    CommandRun badValue = run("bench", "--events", "0");

    assertEquals(ExitCodes.USAGE, missingOption.exitCode());
    assertEquals(
        List.of(
            "model run: Missing required option: '--model=model.avro'",
            "Try 'nowcast model run --help' for more information."),
        missingOption.errLines());
    assertEquals(ExitCodes.USAGE, badValue.exitCode());
    assertTrue(badValue.err().startsWith("bench: events must be positive"), badValue.err());
  }

  @Test
  void aMistypedCommandGetsSuggestions() {
    CommandRun run = run("trian");

    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().startsWith("nowcast: Unmatched argument"), run.err());
    assertTrue(run.err().contains("Did you mean: nowcast train"), run.err());
  }

  @Test
  void notEnoughDataHasItsOwnExitCodeAndEverythingElseIsOne() {
    ExitCodes codes = new ExitCodes();

    assertEquals(3, codes.getExitCode(new NotEnoughDataException("key 'k' has 3 readings")));
    assertEquals(1, codes.getExitCode(new TrainingDivergedException("NaN loss", null)));
    assertEquals(1, codes.getExitCode(new IllegalArgumentException("bad")));
  }

  @Test
  void aFailureMeantForTheUserIsOneLineAndABugAddsItsStackTrace() {
    CommandRun user = runProbe(new IllegalArgumentException("speed must be positive"));
    CommandRun missing = runProbe(new NoSuchFileException("/data/x.csv"));
    CommandRun bug = runProbe(new NullPointerException("boom"));

    assertEquals(List.of("probe: speed must be positive"), user.errLines());
    assertEquals(List.of("probe: /data/x.csv: no such file"), missing.errLines());
    assertEquals(ExitCodes.ERROR, bug.exitCode());
    assertEquals("probe: boom", bug.errLines().get(0));
    assertTrue(bug.err().contains("\tat "), "a bug shows where: " + bug.err());
  }

  /** A command that only throws, through the same error path as every nowcast command. */
  @Command(name = "probe")
  static final class Probe implements Callable<Integer> {
    private final Exception failure;

    Probe(Exception failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      throw failure;
    }
  }

  private static CommandRun runProbe(Exception failure) {
    StringWriter err = new StringWriter();
    int exit =
        ErrorReporter.install(new CommandLine(new Probe(failure)))
            .setErr(new PrintWriter(err))
            .execute();
    return new CommandRun(exit, "", err.toString());
  }

  private static CommandLine subcommand(String command) {
    CommandLine line = Nowcast.commandLine();
    for (String name : command.split(" ")) {
      line = line.getSubcommands().get(name);
    }
    return line;
  }

  private static String[] args(String command, String option) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add(option);
    return args.toArray(String[]::new);
  }
}
