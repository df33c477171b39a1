package io.nowcast.cli;

import io.nowcast.config.Durations;
import io.nowcast.demo.Demo;
import io.nowcast.demo.DemoSettings;
import io.nowcast.demo.DemoStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nowcast demo [--port 8080] [--duration 90s] [--speed X] [--host H]}: everything in this
 * JVM (docs/demo.md). Prints {@code Nowcast demo: URL} on stdout first, then a summary line every
 * few seconds on stderr; stops at Ctrl-C or after {@code --duration}, deleting what it wrote.
 */
@Command(
    name = "demo",
    description = {
      "Run broker, registry, replay of bundled sensor data, trainer, forecaster and the live dashboard in one JVM.",
      "Stops at Ctrl-C or after --duration; every run starts clean (docs/demo.md)."
    })
final class DemoCommand implements Callable<Integer> {

  /** Time between two summary lines on stderr. */
  static final Duration SUMMARY_EVERY = Duration.ofSeconds(5);

  /** Time a Ctrl-C waits for the demo to stop before the JVM exits anyway. */
  static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "" + DemoSettings.DEFAULT_PORT,
      paramLabel = "PORT",
      description =
          "HTTP port of the dashboard and the forecaster's endpoints; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      paramLabel = "HOST",
      description =
          "Address to bind; loopback by default so nothing is exposed (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description =
          "Stop by itself after this long: 90, 90s, 15m, 2h or ISO-8601 (PT90S). Default: until Ctrl-C.")
  String duration;

  @Option(
      names = "--speed",
      defaultValue = "" + DemoSettings.DEFAULT_SPEED,
      paramLabel = "X",
      description =
          "Replay X times faster than the sensors' own spacing (default: ${DEFAULT-VALUE}).")
  double speed;

  @Override
  public Integer call() throws InterruptedException {
    Duration runFor = duration == null ? null : Durations.parse(duration);
    DemoSettings settings =
        new DemoSettings(host, port, speed, DemoSettings.DEFAULT_TRAINER_INTERVAL);
    return runUntilStopped(Demo.start(settings), runFor);
  }

  private int runUntilStopped(Demo demo, Duration runFor) throws InterruptedException {
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stopRequested.countDown();
              awaitQuietly(stopped);
            },
            "nowcast-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      PrintWriter out = spec.commandLine().getOut();
      out.println("Nowcast demo: " + demo.url());
      out.flush();
      printSummaries(demo, runFor, stopRequested);
    } finally {
      demo.close();
      stopped.countDown();
      removeQuietly(hook);
    }
    return ExitCodes.OK;
  }

  /**
   * A summary line every {@link #SUMMARY_EVERY} until stop is requested or {@code runFor} has
   * passed.
   */
  private void printSummaries(Demo demo, Duration runFor, CountDownLatch stopRequested)
      throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Instant end = runFor == null ? null : Instant.now().plus(runFor);
    DemoStatus previous = demo.status();
    while (end == null || Instant.now().isBefore(end)) {
      if (stopRequested.await(untilNextLine(end).toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
      DemoStatus current = demo.status();
      err.println(current.summaryLine(previous));
      err.flush();
      previous = current;
    }
  }

  /** {@link #SUMMARY_EVERY}, or less when {@code end} (null: none) comes sooner. */
  private static Duration untilNextLine(Instant end) {
    if (end == null) {
      return SUMMARY_EVERY;
    }
    Duration left = Duration.between(Instant.now(), end);
    return left.compareTo(SUMMARY_EVERY) < 0 ? left.plusMillis(1) : SUMMARY_EVERY;
  }

  private static void awaitQuietly(CountDownLatch stopped) {
    try {
      stopped.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * After a normal end the hook is no longer needed; during JVM shutdown it cannot be removed (and
   * need not be).
   */
  private static void removeQuietly(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook is running or about to, and returns at once.
    }
  }
}
