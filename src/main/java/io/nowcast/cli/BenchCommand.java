package io.nowcast.cli;

import io.nowcast.bench.BenchResult;
import io.nowcast.bench.BenchSettings;
import io.nowcast.bench.EndToEndBench;
import io.nowcast.config.Durations;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nowcast bench}: forecaster vs stateful pass-through throughput, and forecaster latency, on
 * an embedded broker. Options left unset take the default run's values, or the quick run's with
 * {@code --quick}.
 */
@Command(
    name = "bench",
    subcommands = BenchTrainerCommand.class,
    description = {
      "End-to-end throughput of the forecaster (LSTM H=64 x 2, horizon 24) vs a stateful pass-through"
          + " topology under exactly-once v2 on an embedded broker, their ratio, and the forecaster's"
          + " p50/p99 latency (event time to committed forecast) at a fixed rate.",
      "Progress on stderr; the result (a table, or one JSON object with --json) on stdout.",
      "`nowcast bench trainer` measures one trainer cycle over a synthetic fleet instead."
    })
final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--events",
      description =
          "Readings preloaded and consumed by each topology."
              + " Default: 500000 (50000 with --quick).")
  Integer events;

  @Option(names = "--keys", description = "Distinct sensors. Default: 1000.")
  Integer keys;

  @Option(
      names = "--partitions",
      description = "Partitions of the input and output topics. Default: 4.")
  Integer partitions;

  @Option(
      names = "--rate",
      description =
          "Input rate of the latency phase, events/s. Default: half the"
              + " measured forecaster throughput.")
  Double rate;

  @Option(
      names = "--warmup",
      description =
          "Outputs counted before the throughput clock starts (0: start it when"
              + " Kafka Streams is RUNNING). Default: 20000 (5000 with --quick).")
  Integer warmup;

  @Option(
      names = "--stream-threads",
      description = "num.stream.threads of both topologies. Default: 2.")
  Integer streamThreads;

  @Option(
      names = "--latency-duration",
      description =
          "How long the latency phase produces (90, 90s, 2m, PT90S)."
              + " Default: 20s (5s with --quick).")
  String latencyDuration;

  @Option(
      names = "--quick",
      description = "A short run (50k events) for smoke tests; figures are rougher.")
  boolean quick;

  @Option(
      names = "--json",
      description = "Print one JSON object (the bench contract) instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    BenchResult result = new EndToEndBench(settings(), spec.commandLine().getErr()).run();
    spec.commandLine().getOut().println(json ? result.toJson() : result.toTable());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  /** The options over the chosen base run; a value out of range is a usage error (exit 2). */
  private BenchSettings settings() {
    BenchSettings base = quick ? BenchSettings.QUICK : BenchSettings.DEFAULT;
    try {
      Duration latency =
          latencyDuration == null ? base.latencyDuration() : Durations.parse(latencyDuration);
      return new BenchSettings(
          orElse(events, base.events()),
          orElse(keys, base.keys()),
          orElse(partitions, base.partitions()),
          rate == null ? base.rate() : rate,
          orElse(warmup, base.warmup()),
          orElse(streamThreads, base.streamThreads()),
          latency);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private static int orElse(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
