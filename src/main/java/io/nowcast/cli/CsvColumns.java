package io.nowcast.cli;

import io.nowcast.local.CsvSeries;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The CSV file and its time and value columns, shared by the commands that read a series from a CSV
 * ({@code train}, {@code backtest}, {@code replay}) so they spell and document them alike.
 */
final class CsvColumns {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

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

  /** Every row is the one series named {@code name}. */
  CsvSeries singleSeries(String name) {
    return CsvSeries.singleSensor(timeColumn, valueColumn, name);
  }

  /** Each row's series is named in {@code keyColumn}. */
  CsvSeries keyedBy(String keyColumn) {
    return CsvSeries.keyedBy(timeColumn, valueColumn, keyColumn);
  }

  /** The file name without its extension: the default series and model name. */
  String fileStem() {
    return FileNames.stem(csv);
  }

  /**
   * Reads the file; the rows that cannot be used are skipped with one warning on stderr naming how
   * many and the first.
   */
  CsvSeries.Parsed read(CsvSeries format) throws IOException {
    CsvSeries.Parsed parsed = format.read(csv);
    if (!parsed.badRows().isEmpty()) {
      CommandLine commandLine = command.commandLine();
      commandLine
          .getErr()
          .println(
              ErrorReporter.prefix(commandLine)
                  + "skipped "
                  + parsed.badRows().size()
                  + " bad rows, first: "
                  + parsed.badRows().get(0));
    }
    return parsed;
  }
}
