package io.nowcast.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code nowcast forecaster --config FILE} in a child JVM (same JDK, the test classpath), so the
 * test can kill it with SIGKILL: nothing in the forecaster gets to flush, commit or close.
 */
final class ChildForecaster implements AutoCloseable {

  /**
   * System property of the test JVM naming a logback configuration for the children, e.g. one with
   * DEBUG for Kafka Streams internals to diagnose a stall; unset, they log as the tests do.
   */
  static final String LOGBACK_PROPERTY = "nowcast.child.logback";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final int httpPort;
  private final Path log;

  private ChildForecaster(Process process, int httpPort, Path log) {
    this.process = process;
    this.httpPort = httpPort;
    this.log = log;
  }

  /**
   * Writes {@code settings} (plus a free HTTP port) to {@code directory/forecaster-N.properties}
   * and starts the forecaster on it; its output goes to a log file next to it.
   */
  static ChildForecaster start(Map<String, String> settings, Path directory, int run) {
    int port = freePort();
    Properties properties = new Properties();
    properties.putAll(settings);
    properties.put("nowcast.http.port", Integer.toString(port));
    Path config = directory.resolve("forecaster-" + run + ".properties");
    Path log = directory.resolve("forecaster-" + run + ".log");
    try (var out = Files.newBufferedWriter(config)) {
      properties.store(out, "reliability test run " + run);
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> command =
          new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx512m"));
      String logging = System.getProperty(LOGBACK_PROPERTY);
      if (logging != null) {
        command.add("-Dlogback.configurationFile=" + logging);
      }
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              "io.nowcast.cli.Nowcast",
              "forecaster",
              "--config",
              config.toString()));
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new ChildForecaster(process, port, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the child forecaster with " + config, e);
    }
  }

  /**
   * {@link #start}, then {@link #awaitReady}; a child that is not ready in time is killed before
   * the failure is thrown, so no forecaster outlives its test.
   */
  static ChildForecaster startReady(
      Map<String, String> settings, Path directory, int run, Duration timeout) {
    ChildForecaster child = start(settings, directory, run);
    try {
      child.awaitReady(timeout);
    } catch (AssertionError e) {
      child.kill();
      throw e;
    }
    return child;
  }

  /**
   * Waits until {@code /health/ready} answers 200 (Kafka Streams RUNNING); fails early if the JVM
   * died.
   */
  void awaitReady(Duration timeout) {
    Poll.until(
        timeout,
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(
                "the child forecaster exited with " + process.exitValue() + "; log " + log);
          }
          return ready();
        },
        () -> "child forecaster ready on port " + httpPort + " (log " + log + ")");
  }

  /** The Prometheus text of {@code /metrics}. */
  String metrics() {
    return get("/metrics").body();
  }

  /** SIGKILL, then waits for the process to be gone. */
  void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  long pid() {
    return process.pid();
  }

  /**
   * Stops the forecaster gracefully (SIGTERM runs its shutdown hook, which closes Kafka Streams).
   */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      awaitExit();
    }
  }

  private void awaitExit() {
    try {
      if (!process.onExit().get(60, TimeUnit.SECONDS).isAlive()) {
        return;
      }
    } catch (Exception e) {
      process.destroyForcibly();
    }
    throw new AssertionError("child forecaster " + process.pid() + " did not exit");
  }

  private boolean ready() {
    try {
      return get("/health/ready").statusCode() == 200;
    } catch (UncheckedIOException e) {
      return false; // not listening yet
    }
  }

  private HttpResponse<String> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
