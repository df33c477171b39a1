package io.nowcast.testing;

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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A real Confluent-compatible schema registry for integration tests: Apicurio Registry in ccompat
 * mode, built from {@code registry-harness/} and run as a child JVM on a free loopback port.
 *
 * <p>{@link #shared()} starts one per test JVM (starting takes a few seconds; the ITs share it and
 * use distinct subjects) and a shutdown hook kills it. The harness is built with Maven only when
 * its runner jar is missing or older than its pom or sources, so only the first run pays the ~50 s
 * build. Global compatibility is set to BACKWARD, as Confluent's default (Apicurio's is NONE).
 */
public final class RealSchemaRegistry implements AutoCloseable {

  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static RealSchemaRegistry shared;

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private RealSchemaRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The registry of this test JVM, started on first use. */
  public static synchronized RealSchemaRegistry shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "registry-harness-stop"));
    }
    return shared;
  }

  /** {@code http://127.0.0.1:PORT/apis/ccompat/v7}: the Confluent-compatible API base. */
  public String url() {
    return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
  }

  /** Kills the registry process and waits for it to end. Safe to call twice. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static RealSchemaRegistry start() {
    Path harness = harnessDirectory();
    Path runner = buildIfStale(harness);
    int port = freePort();
    long started = System.nanoTime();
    RealSchemaRegistry registry = new RealSchemaRegistry(launch(harness, runner, port), port);
    try {
      registry.awaitReady(harness.resolve("target/registry.log"));
      registry.put("/config", "{\"compatibility\": \"BACKWARD\"}");
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
    System.out.printf(
        "RealSchemaRegistry ready at %s in %.1f s%n",
        registry.url(), (System.nanoTime() - started) / 1e9);
    return registry;
  }

  private static Path harnessDirectory() {
    Path dir = Path.of(System.getProperty("user.dir"), "registry-harness");
    if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
      throw new IllegalStateException(
          "No registry-harness/pom.xml under "
              + System.getProperty("user.dir")
              + ": run the integration tests from the project root");
    }
    return dir;
  }

  private static Path buildIfStale(Path harness) {
    Optional<Path> runner = findRunnerJar(harness);
    if (runner.isPresent() && !newer(harness, lastModified(runner.get()))) {
      return runner.get();
    }
    Path log = harness.resolve("target/build.log");
    run(
        List.of(
            "mvn",
            "-B",
            "-q",
            "-f",
            harness.resolve("pom.xml").toString(),
            "package",
            "-DskipTests"),
        log);
    return findRunnerJar(harness)
        .orElseThrow(
            () -> new IllegalStateException("The harness build made no runner jar; see " + log));
  }

  private static void run(List<String> command, Path log) {
    try {
      Files.createDirectories(log.getParent());
      Process build =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!build.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        build.destroyForcibly();
        throw new IllegalStateException(
            "Registry harness build took over " + BUILD_TIMEOUT + "; see " + log);
      }
      if (build.exitValue() != 0) {
        throw new IllegalStateException(
            "Registry harness build failed (exit " + build.exitValue() + "); see " + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while building the registry harness", e);
    }
  }

  private static Optional<Path> findRunnerJar(Path harness) {
    Path target = harness.resolve("target");
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + target, e);
    }
  }

  /** Whether the pom or any source of the harness changed after {@code built}. */
  private static boolean newer(Path harness, FileTime built) {
    try (Stream<Path> sources = Files.walk(harness.resolve("src"))) {
      return lastModified(harness.resolve("pom.xml")).compareTo(built) > 0
          || sources.anyMatch(source -> lastModified(source).compareTo(built) > 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot scan " + harness, e);
    }
  }

  private static FileTime lastModified(Path path) {
    try {
      return Files.getLastModifiedTime(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stat " + path, e);
    }
  }

  private static Process launch(Path harness, Path runner, int port) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx128m",
            "-XX:+UseSerialGC",
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=" + port,
            "-jar",
            runner.toString());
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(harness.resolve("target/registry.log").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + command, e);
    }
  }

  private void awaitReady(Path log) {
    URI health = URI.create("http://127.0.0.1:" + port + "/health/ready");
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "The registry exited with " + process.exitValue() + " before it was ready; see " + log);
      }
      if (answers200(health)) {
        return;
      }
      pollPause();
    }
    throw new IllegalStateException(
        "The registry was not ready within " + READY_TIMEOUT.toSeconds() + " s; see " + log);
  }

  private boolean answers200(URI uri) {
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      // Not listening yet: the caller polls again until its deadline.
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the registry", e);
    }
  }

  private void put(String path, String json) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url() + path))
            .header("Content-Type", CONTENT_TYPE)
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "PUT " + path + " answered " + response.statusCode() + ": " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("PUT " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during PUT " + path, e);
    }
  }

  /** Between two readiness probes of a starting process; the deadline bounds the total wait. */
  private static void pollPause() {
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    if (Thread.interrupted()) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the registry");
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }
}
