package io.nowcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nowcast forecaster} failing at start-up: exit 1 and one line naming the key. */
class ForecasterCommandTest {

  private static final String REQUIRED =
      "bootstrap.servers=127.0.0.1:9\nnowcast.input.topics=sensors\nschema.registry.url=mock://cli\n";

  @TempDir Path dir;

  @Test
  void aBadValueExitsWithOneLineNamingTheKey() throws IOException {
    Run run = run(REQUIRED + "nowcast.http.port=70000\n");

    assertEquals(1, run.exit());
    assertEquals(1, run.stderr().lines().count(), run.stderr());
    assertTrue(
        run.stderr().startsWith("forecaster: ") && run.stderr().contains("nowcast.http.port"),
        run.stderr());
  }

  @Test
  void aTakenHttpPortExitsWithOneLineNamingTheKey() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Run run = run(REQUIRED + "nowcast.http.port=" + taken.getLocalPort() + "\n");

      assertEquals(1, run.exit());
      assertTrue(
          run.stderr()
              .lines()
              .anyMatch(
                  line ->
                      line.startsWith("forecaster: cannot serve HTTP")
                          && line.contains("nowcast.http.port")),
          run.stderr());
    }
  }

  @Test
  void aMissingFileIsAConfigurationError() {
    int exit =
        Nowcast.commandLine()
            .execute("forecaster", "--config", dir.resolve("absent.properties").toString());

    assertEquals(1, exit);
  }

  /** Runs the command over a file holding {@code properties}, capturing stderr. */
  private Run run(String properties) throws IOException {
    Path config = dir.resolve("forecaster.properties");
    Files.writeString(config, properties);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = Nowcast.commandLine().execute("forecaster", "--config", config.toString());
      return new Run(exit, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }

  private record Run(int exit, String stderr) {}
}
