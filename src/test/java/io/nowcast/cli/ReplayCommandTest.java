package io.nowcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Option handling of {@code nowcast replay} that needs no broker. */
class ReplayCommandTest {

  @TempDir Path tempDir;

  /**
   * {@code nowcast replay} of a one-row CSV with columns t and v as sensor "s" onto topic "t", then
   * {@code extra}; the time column is {@code timeColumn}.
   */
  private CommandRun replay(String timeColumn, String... extra) throws IOException {
    Path csv = Files.writeString(tempDir.resolve("s.csv"), "t,v\n1,2\n");
    List<String> args =
        new ArrayList<>(
            List.of(
                "replay",
                "--csv",
                csv.toString(),
                "--topic",
                "t",
                "--time-column",
                timeColumn,
                "--value-column",
                "v",
                "--sensor-id",
                "s"));
    args.addAll(Arrays.asList(extra));
    return CommandRun.run(args.toArray(String[]::new));
  }

  @Test
  void withoutARegistryItStopsWithAClearMessage() throws IOException {
    CommandRun run = replay("t");

    assertEquals(2, run.exitCode());
    assertTrue(
        run.err().contains("No schema registry: pass --registry-url or set schema.registry.url"),
        run.err());
  }

  @Test
  void speedAndRateAreMutuallyExclusive() throws IOException {
    CommandRun run = replay("t", "--speed", "2", "--rate", "5", "--registry-url", "mock://x");

    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("mutually exclusive"), run.err());
  }

  @Test
  void aMissingColumnIsReportedWithoutAStackTrace() throws IOException {
    CommandRun run =
        replay("time", "--registry-url", "mock://x", "--bootstrap-servers", "127.0.0.1:1");

    assertEquals(1, run.exitCode());
    assertTrue(
        run.err().contains("replay: CSV header has no time column 'time'; columns are [t, v]"),
        run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace expected: " + run.err());
  }

  @Test
  void aNonPositiveSpeedIsAnOptionError() throws IOException {
    CommandRun run = replay("t", "--speed", "0", "--registry-url", "mock://x");

    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("speed must be a positive number, got 0.0"), run.err());
  }
}
