package io.nowcast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nowcast broker} as a user runs it: its own JVM, the ready line, a clean stop on a signal.
 */
class BrokerCommandIT {

  private static final Pattern READY =
      Pattern.compile("Kafka broker ready at 127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path tempDir;

  @Test
  void printsTheReadyLineServesClientsAndStopsOnSigterm() throws Exception {
    Path dir = tempDir.resolve("broker");
    Process broker =
        new ProcessBuilder(javaCommand("broker", "--port", "0", "--dir", dir.toString()))
            .redirectError(tempDir.resolve("broker.err").toFile())
            .start();
    try {
      String line = firstLine(broker);
      Matcher matcher = READY.matcher(line);
      assertTrue(matcher.matches(), "stdout was: " + line);

      try (Admin admin =
          Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + matcher.group(1)))) {
        assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
      }
      broker.destroy(); // SIGTERM: the shutdown hook stops the broker, like Ctrl-C
      assertTrue(broker.waitFor(60, TimeUnit.SECONDS), "broker JVM still running after SIGTERM");
      assertTrue(Files.exists(dir.resolve("meta.properties")), "--dir keeps its data");
    } finally {
      broker.destroyForcibly();
    }
  }

  private static String firstLine(Process process) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    // readLine blocks until the line or EOF; the future bounds the wait.
    String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(90, TimeUnit.SECONDS);
    return line == null ? "<nothing: the JVM exited>" : line;
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> javaCommand(String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Surefire/Failsafe may launch tests from a manifest-only jar; this property has the real path.
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(List.of(java, "-Xmx512m", "-cp", classpath, "io.nowcast.cli.Nowcast"));
    command.addAll(List.of(args));
    return command;
  }
}
