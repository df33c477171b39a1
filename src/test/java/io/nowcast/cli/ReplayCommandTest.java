package io.nowcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Option handling of {@code nowcast replay} that needs no broker. */
class ReplayCommandTest {

  @TempDir Path tempDir;

  @Test
  void withoutARegistryItStopsWithAClearMessage() throws Exception {
    Path csv = Files.writeString(tempDir.resolve("s.csv"), "t,v\n1,2\n");
    StringWriter err = new StringWriter();
    CommandLine cli = Nowcast.commandLine().setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "replay", "--csv", csv.toString(), "--topic", "t", "--time-column", "t",
            "--value-column", "v", "--sensor-id", "s");

    assertEquals(2, exit);
    assertTrue(
        err.toString().contains("No schema registry: pass --registry-url or set schema.registry.url"),
        err.toString());
  }

  @Test
  void speedAndRateAreMutuallyExclusive() throws Exception {
    Path csv = Files.writeString(tempDir.resolve("s.csv"), "t,v\n1,2\n");
    StringWriter err = new StringWriter();
    CommandLine cli = Nowcast.commandLine().setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "replay", "--csv", csv.toString(), "--topic", "t", "--time-column", "t",
            "--value-column", "v", "--sensor-id", "s", "--speed", "2", "--rate", "5",
            "--registry-url", "mock://x");

    assertEquals(2, exit);
    assertTrue(err.toString().contains("mutually exclusive"), err.toString());
  }
}
