package io.nowcast.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The CSV file and its time and value columns, shared by the commands that read a series from a CSV
 * ({@code train}, {@code backtest}, {@code replay}) so they spell and document them alike.
 */
final class CsvColumns {

  @Option(
      names = "--csv",
      required = true,
      paramLabel = "FILE",
      description = "CSV file with a header row.")
  Path csv;

  @Option(
      names = "--time-column",
      required = true,
      description =
          "Event-time column: yyyy-MM-dd HH:mm:ss, ISO-8601 (UTC when no zone) or epoch s/ms.")
  String timeColumn;

  @Option(names = "--value-column", required = true, description = "Observed-value column.")
  String valueColumn;
}
