package io.nowcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nowcast forecaster} with a bad configuration: exit 1 and one line naming the key. */
class ForecasterCommandTest {

  @TempDir Path dir;

  @Test
  void aBadValueExitsWithOneLineNamingTheKey() throws IOException {
    Path config = dir.resolve("forecaster.properties");
    Files.writeString(config, "bootstrap.servers=127.0.0.1:9\nnowcast.input.topics=sensors\nnowcast.http.port=70000\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    int exit;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      exit = Nowcast.commandLine().execute("forecaster", "--config", config.toString());
    } finally {
      System.setErr(original);
    }

    String output = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, exit);
    assertEquals(1, output.lines().count(), output);
    assertTrue(output.startsWith("forecaster: ") && output.contains("nowcast.http.port"), output);
  }

  @Test
  void aMissingFileIsAConfigurationError() {
    int exit = Nowcast.commandLine().execute("forecaster", "--config", dir.resolve("absent.properties").toString());

    assertEquals(1, exit);
  }
}
