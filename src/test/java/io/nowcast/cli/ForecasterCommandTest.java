package io.nowcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
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

  /** Runs the command over a file holding {@code properties}, capturing its stderr. */
  private Run run(String properties) throws IOException {
    Path config = dir.resolve("forecaster.properties");
    Files.writeString(config, properties);
    StringWriter err = new StringWriter();
    int exit =
        Nowcast.commandLine()
            .setErr(new PrintWriter(err))
            .execute("forecaster", "--config", config.toString());
    return new Run(exit, err.toString());
  }

  private record Run(int exit, String stderr) {}
}
