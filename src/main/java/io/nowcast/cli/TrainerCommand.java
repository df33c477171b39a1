package io.nowcast.cli;

import io.nowcast.config.ConfigLoader;
import io.nowcast.config.TrainerConfig;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.train.TrainingSettings;
import io.nowcast.trainer.CycleReport;
import io.nowcast.trainer.CycleSchedule;
import io.nowcast.trainer.TrainerService;
import io.nowcast.trainer.TrainingSettingsMapping;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nowcast trainer --config FILE [--once]}: the trainer service. Progress goes to stderr, one
 * summary line per cycle to stdout. Exit codes with {@code --once} ({@link ExitCodes}): 0 a cycle
 * completed (published or not), 3 not enough data, 1 any error (bad config, unreachable broker,
 * diverged training).
 */
@Command(
    name = "trainer",
    description =
        "Train on the history in Kafka and publish a model when it beats the champion (docs/trainer.md).")
final class TrainerCommand implements Callable<Integer> {

  /** How long SIGTERM waits for a running cycle to return before the JVM halts. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

  /**
   * Printed on stderr when the interval loop has ended on a stop request and the clients are
   * closing.
   */
  static final String STOPPED_LINE = "trainer: stopped, closing the Kafka clients";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description =
          "Properties file: nowcast.* keys (see `nowcast config`) and Kafka/registry pass-through keys.")
  Path config;

  @Option(
      names = "--once",
      description = "Run one cycle and exit (0 done, 3 not enough data, 1 error).")
  boolean once;

  @Override
  public Integer call() throws InterruptedException {
    TrainerConfig trainerConfig =
        new TrainerConfig(ConfigLoader.load(config, System.getenv()), SerdeConfig.CONFIG_DEF);
    TrainingSettings settings = TrainingSettingsMapping.from(trainerConfig, 1.0);
    CycleSchedule schedule = new CycleSchedule(trainerConfig.interval());
    CountDownLatch finished = new CountDownLatch(1);
    if (!once) {
      stopOnShutdown(schedule, finished);
    }
    TrainProgress progress = TrainProgress.forTerminal(spec.commandLine().getErr());
    try (TrainerService service = new TrainerService(trainerConfig, settings, progress)) {
      if (once) {
        print(spec.commandLine().getOut(), runOnce(service, progress));
        return ExitCodes.OK;
      }
      schedule.run(service::runCycle, printer(progress, spec.commandLine().getOut()));
      spec.commandLine().getErr().println(STOPPED_LINE);
      spec.commandLine().getErr().flush();
      return ExitCodes.OK;
    } finally {
      finished.countDown();
    }
  }

  /** One cycle; the progress line is ended however it ends. */
  private static CycleReport runOnce(TrainerService service, TrainProgress progress)
      throws InterruptedException {
    try {
      return service.runCycle();
    } finally {
      progress.finish();
    }
  }

  /**
   * Makes SIGTERM and Ctrl-C stop the interval loop. The hook stops the schedule and then waits
   * until {@code finished} (the command has returned, the Kafka clients closed), because the JVM
   * halts as soon as its hooks finish: waiting lets a wait between cycles end with the clients
   * closed cleanly and the stop line printed. A cycle in progress is cut short by the halt once
   * {@link #SHUTDOWN_GRACE} has passed; that is safe because a model is published in one
   * transaction or not at all.
   */
  private static void stopOnShutdown(CycleSchedule schedule, CountDownLatch finished) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  schedule.stop();
                  awaitQuietly(finished);
                },
                "nowcast-trainer-shutdown"));
  }

  private static void awaitQuietly(CountDownLatch finished) {
    try {
      finished.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Ends each cycle's progress display and prints a completed cycle's summary (failures are
   * logged).
   */
  private static CycleSchedule.Listener printer(TrainProgress progress, PrintWriter out) {
    return new CycleSchedule.Listener() {
      @Override
      public void completed(CycleReport report) {
        progress.finish();
        print(out, report);
      }

      @Override
      public void failed(RuntimeException cause) {
        progress.finish();
      }
    };
  }

  private static void print(PrintWriter out, CycleReport report) {
    out.println(report.summaryLine());
    out.flush();
  }
}
