package io.nowcast.cli;

import io.nowcast.bench.TrainerBench;
import io.nowcast.bench.TrainerBenchResult;
import io.nowcast.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nowcast bench trainer}: one trainer cycle over a synthetic fleet ({@link TrainerBench}).
 */
@Command(
    name = "trainer",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a seeded synthetic fleet (varied levels, seasonal periods, trends, noise, level shifts"
          + " and spikes; 5-minute readings) into a broker in a child JVM, then runs one trainer"
          + " cycle with the defaults and reports reading, training and heap figures.",
      "Run it with the heap the trainer gets, e.g. JAVA_OPTS=-Xmx1g. Progress on stderr; the"
          + " result (a table, or one JSON object with --json) on stdout."
    })
final class BenchTrainerCommand implements Callable<Integer> {

  @Option(names = "--keys", description = "Sensors in the fleet. Default: 2000.")
  int keys = TrainerBench.Settings.DEFAULT.keys();

  @Option(
      names = "--points",
      description = "Readings per sensor, 5 minutes apart. Default: 2016 (a week).")
  int points = TrainerBench.Settings.DEFAULT.points();

  @Option(names = "--partitions", description = "Partitions of the input topic. Default: 4.")
  int partitions = TrainerBench.Settings.DEFAULT.partitions();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Trainer keys set on top of the defaults (e.g. nowcast.trainer.max.points to try a budget).")
  Path config;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    // The keys a trainer would take from its --config file and the environment.
    Map<String, String> overrides =
        config == null
            ? ConfigLoader.fromEnvironment(System.getenv())
            : ConfigLoader.load(config, System.getenv());
    TrainerBench.Settings settings;
    try {
      settings =
          new TrainerBench.Settings(
              keys, points, partitions, TrainerBench.Settings.DEFAULT.seed(), overrides);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("bench trainer: " + e.getMessage());
      return 2;
    }
    TrainerBenchResult result = new TrainerBench(settings, spec.commandLine().getErr()).run();
    spec.commandLine().getOut().println(json ? result.toJson() : result.toTable());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
