package io.nowcast.bench;

import io.nowcast.local.EmbeddedKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link EmbeddedKafka} broker in a child JVM, so that what a benchmark measures in its own JVM
 * (heap above all) is not the broker's. The child prints its bootstrap address on stdout and stops
 * its broker when its stdin closes: when {@link #close()} closes it, and also when this JVM dies
 * without closing it, so a killed benchmark leaves no broker behind.
 */
public final class BrokerProcess implements AutoCloseable {

  /** The line the child prints once its broker answers, followed by the bootstrap address. */
  static final String READY = "broker-ready ";

  private static final Duration STARTUP = Duration.ofSeconds(120);

  private final Process process;
  private final String bootstrapServers;
  private final Path log;

  private BrokerProcess(Process process, String bootstrapServers, Path log) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    this.log = log;
  }

  /**
   * Starts the child JVM ({@code -Xmx1g}, this JVM's class path) and waits for its broker.
   *
   * @throws IllegalStateException when the child exits or does not report ready within 2 minutes
   *     (its output is in the log file named in the message)
   */
  public static BrokerProcess start() {
    try {
      Path log = Files.createTempFile("nowcast-bench-broker", ".log");
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      Process process =
          new ProcessBuilder(
                  List.of(
                      java,
                      "-Xmx1g",
                      "-cp",
                      System.getProperty("java.class.path"),
                      BrokerProcess.class.getName()))
              .redirectError(log.toFile())
              .start();
      CompletableFuture<String> ready = new CompletableFuture<>();
      Thread reader = new Thread(() -> readOutput(process, ready), "bench-broker-stdout");
      reader.setDaemon(true);
      reader.start();
      try {
        String bootstrap = ready.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
        if (bootstrap == null) {
          throw new IllegalStateException("the broker child JVM exited; see " + log);
        }
        return new BrokerProcess(process, bootstrap, log);
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "the broker child JVM did not report ready within " + STARTUP + "; see " + log, e);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not start the broker child JVM: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the broker child JVM", e);
    }
  }

  /**
   * Completes {@code ready} with the child's bootstrap address (null when its stdout ends first),
   * then drains its stdout so that the child never blocks on a full pipe.
   */
  private static void readOutput(Process process, CompletableFuture<String> ready) {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(READY)) {
          ready.complete(line.substring(READY.length()).trim());
        }
      }
    } catch (IOException e) {
      // The child is gone; the wait below reports it.
    } finally {
      ready.complete(null);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Closes the child's stdin (it stops its broker and exits), killing it after 30 s. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(log);
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The child: a broker until stdin reaches its end. */
  public static void main(String[] args) throws IOException {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      System.out.println(READY + kafka.bootstrapServers());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Nothing is sent; the loop ends when the parent closes the pipe or dies.
      }
    }
  }
}
