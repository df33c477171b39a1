package io.nowcast.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A main class of this build in a child JVM (same JDK, the test classpath), its stdout and stderr
 * in one log file, so a test can read its progress and kill it with SIGKILL at a chosen point.
 */
final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code mainClass} with {@code args}; its output goes to {@code log}. */
  static ChildJvm start(Class<?> mainClass, List<String> args, Path log) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass.getName()));
    command.addAll(args);
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new ChildJvm(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mainClass.getName() + " in a child JVM", e);
    }
  }

  /** Everything the child wrote so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the child's log " + log, e);
    }
  }

  /**
   * Waits until the output contains {@code text}; fails early, with the log, if the child exits
   * first.
   */
  void awaitOutput(String text, Duration timeout) {
    Poll.until(
        timeout,
        () -> {
          if (output().contains(text)) {
            return true;
          }
          if (!process.isAlive()) {
            throw new AssertionError(
                "the child exited with "
                    + process.exitValue()
                    + " before printing '"
                    + text
                    + "'; log "
                    + log
                    + ":\n"
                    + output());
          }
          return false;
        },
        () -> "'" + text + "' in the child's output (log " + log + ")");
  }

  /** Waits for the child to end by itself and returns its exit code. */
  int awaitExit(Duration timeout) {
    try {
      return process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS).exitValue();
    } catch (TimeoutException e) {
      throw new AssertionError("the child did not exit within " + timeout + "; log " + log, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM: the child's shutdown hooks run, as under {@code kill} or a container stop. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL: the child gets no chance to flush, commit, abort or close anything. */
  void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  Path log() {
    return log;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
