package io.nowcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
            "replay",
            "--csv",
            csv.toString(),
            "--topic",
            "t",
            "--time-column",
            "t",
            "--value-column",
            "v",
            "--sensor-id",
            "s");

    assertEquals(2, exit);
    assertTrue(
        err.toString()
            .contains("No schema registry: pass --registry-url or set schema.registry.url"),
        err.toString());
  }

  @Test
  void speedAndRateAreMutuallyExclusive() throws Exception {
    Path csv = Files.writeString(tempDir.resolve("s.csv"), "t,v\n1,2\n");
    StringWriter err = new StringWriter();
    CommandLine cli = Nowcast.commandLine().setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "replay",
            "--csv",
            csv.toString(),
            "--topic",
            "t",
            "--time-column",
            "t",
            "--value-column",
            "v",
            "--sensor-id",
            "s",
            "--speed",
            "2",
            "--rate",
            "5",
            "--registry-url",
            "mock://x");

    assertEquals(2, exit);
    assertTrue(err.toString().contains("mutually exclusive"), err.toString());
  }

  @Test
  void aMissingColumnIsReportedWithoutAStackTrace() throws Exception {
    Path csv = Files.writeString(tempDir.resolve("s.csv"), "t,v\n1,2\n");
    PrintStream originalErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit =
          Nowcast.commandLine()
              .execute(
                  "replay",
                  "--csv",
                  csv.toString(),
                  "--topic",
                  "t",
                  "--time-column",
                  "time",
                  "--value-column",
                  "v",
                  "--sensor-id",
                  "s",
                  "--registry-url",
                  "mock://x",
                  "--bootstrap-servers",
                  "127.0.0.1:1");
    } finally {
      System.setErr(originalErr);
    }

    assertEquals(1, exit);
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertTrue(
        stderr.contains("replay: CSV header has no time column 'time'; columns are [t, v]"),
        stderr);
    assertFalse(stderr.contains("\tat "), "no stack trace expected: " + stderr);
  }

  @Test
  void aNonPositiveSpeedIsAnOptionError() throws Exception {
    Path csv = Files.writeString(tempDir.resolve("s.csv"), "t,v\n1,2\n");
    StringWriter err = new StringWriter();
    int exit =
        Nowcast.commandLine()
            .setErr(new PrintWriter(err))
            .execute(
                "replay",
                "--csv",
                csv.toString(),
                "--topic",
                "t",
                "--time-column",
                "t",
                "--value-column",
                "v",
                "--sensor-id",
                "s",
                "--speed",
                "0",
                "--registry-url",
                "mock://x");

    assertEquals(2, exit);
    assertTrue(err.toString().contains("speed must be a positive number, got 0.0"), err.toString());
  }
}
