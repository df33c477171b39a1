package io.nowcast.local;

import io.nowcast.train.Series;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a time series from a CSV file with a header row: one {@link Point} per data row, or a
 * {@link BadRow} with its line number when the row cannot be used.
 *
 * <p>Times may be {@code yyyy-MM-dd HH:mm:ss[.fff]}, ISO-8601 with or without a zone ({@code
 * 2014-01-01T00:00:00}, {@code 2014-01-01T00:00:00Z}, {@code ...+01:00}) or epoch numbers. Times
 * without a zone are UTC. An epoch number whose magnitude is below 10^11 is read as seconds (10^11
 * s is the year 5138), anything larger as milliseconds (10^11 ms is March 1973), so both common
 * units of real data are recognised without a flag.
 *
 * <p>Fields may be quoted with double quotes ({@code "a,b"}, {@code ""} for a quote inside).
 */
public final class CsvSeries {

  /** Below this magnitude an epoch number is seconds, above it milliseconds (see class doc). */
  static final long EPOCH_SECONDS_LIMIT = 100_000_000_000L;

  private static final DateTimeFormatter SPACE_SEPARATED =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .toFormatter();

  private final String timeColumn;
  private final String valueColumn;
  private final String keyColumn;
  private final String sensorId;

  private CsvSeries(String timeColumn, String valueColumn, String keyColumn, String sensorId) {
    this.timeColumn = Objects.requireNonNull(timeColumn, "timeColumn");
    this.valueColumn = Objects.requireNonNull(valueColumn, "valueColumn");
    this.keyColumn = keyColumn;
    this.sensorId = sensorId;
  }

  /** Every row belongs to one series named {@code sensorId}. */
  public static CsvSeries singleSensor(String timeColumn, String valueColumn, String sensorId) {
    if (sensorId == null || sensorId.isBlank()) {
      throw new IllegalArgumentException("sensor id must not be blank");
    }
    return new CsvSeries(timeColumn, valueColumn, null, sensorId);
  }

  /** Each row's sensor id is read from {@code keyColumn}. */
  public static CsvSeries keyedBy(String timeColumn, String valueColumn, String keyColumn) {
    return new CsvSeries(timeColumn, valueColumn, Objects.requireNonNull(keyColumn), null);
  }

  /** One usable observation, with the 1-based line it came from. */
  public record Point(long line, String sensorId, Instant timestamp, double value) {}

  /** A row that was skipped, with the 1-based line number and why. */
  public record BadRow(long line, String reason) {
    @Override
    public String toString() {
      return "line " + line + ": " + reason;
    }
  }

  /** The usable points in file order and the rows that were skipped. */
  public record Parsed(List<Point> points, List<BadRow> badRows) {

    /**
     * One series per sensor id, in the order the ids first appear; each keeps file order (see
     * {@link #seriesOf}).
     */
    public List<Series> series() {
      Map<String, List<Point>> bySensor = new LinkedHashMap<>();
      for (Point point : points) {
        bySensor.computeIfAbsent(point.sensorId(), id -> new ArrayList<>()).add(point);
      }
      List<Series> series = new ArrayList<>();
      bySensor.forEach((id, sensorPoints) -> series.add(seriesOf(id, sensorPoints)));
      return series;
    }
  }

  /**
   * The training/backtest series of {@code key} from {@code points} in file order; {@link
   * Series#of} drops rows not newer than the last kept one, as the forecaster would.
   */
  public static Series seriesOf(String key, List<Point> points) {
    long[] times = new long[points.size()];
    double[] values = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      times[i] = points.get(i).timestamp().toEpochMilli();
      values[i] = points.get(i).value();
    }
    return Series.of(key, times, values);
  }

  /** Reads the whole CSV file, as {@link #read(Reader)}. */
  public Parsed read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      return read(reader);
    }
  }

  /**
   * Reads the whole CSV. A missing header or a missing named column fails with an {@link
   * IllegalArgumentException} naming the column and the header found; bad data rows are collected,
   * not thrown.
   */
  public Parsed read(Reader source) {
    BufferedReader reader =
        source instanceof BufferedReader buffered ? buffered : new BufferedReader(source);
    try {
      String header = reader.readLine();
      if (header == null) {
        throw new IllegalArgumentException("CSV is empty: expected a header row");
      }
      Columns columns = columns(splitLine(stripByteOrderMark(header)));
      return readRows(reader, columns);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read CSV", e);
    }
  }

  private Parsed readRows(BufferedReader reader, Columns columns) throws IOException {
    List<Point> points = new ArrayList<>();
    List<BadRow> bad = new ArrayList<>();
    long lineNumber = 1;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      try {
        points.add(parseRow(splitLine(line), columns, lineNumber));
      } catch (IllegalArgumentException e) {
        bad.add(new BadRow(lineNumber, e.getMessage()));
      }
    }
    return new Parsed(List.copyOf(points), List.copyOf(bad));
  }

  private record Columns(int count, int time, int value, int key) {}

  private Columns columns(List<String> header) {
    int key = keyColumn == null ? -1 : indexOf(header, keyColumn, "key");
    return new Columns(
        header.size(),
        indexOf(header, timeColumn, "time"),
        indexOf(header, valueColumn, "value"),
        key);
  }

  private static int indexOf(List<String> header, String column, String role) {
    int index = header.indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException(
          "CSV header has no " + role + " column '" + column + "'; columns are " + header);
    }
    return index;
  }

  private Point parseRow(List<String> fields, Columns columns, long lineNumber) {
    if (fields.size() != columns.count()) {
      throw new IllegalArgumentException(
          "expected " + columns.count() + " columns, found " + fields.size());
    }
    String id = columns.key() < 0 ? sensorId : fields.get(columns.key()).trim();
    if (id.isEmpty()) {
      throw new IllegalArgumentException("empty sensor id in column '" + keyColumn + "'");
    }
    Instant time = parseTime(fields.get(columns.time()).trim(), timeColumn);
    double value = parseValue(fields.get(columns.value()).trim(), valueColumn);
    return new Point(lineNumber, id, time, value);
  }

  /**
   * Parses one time field (formats in the class doc).
   *
   * @throws IllegalArgumentException naming the column and the text when no format matches
   */
  static Instant parseTime(String text, String column) {
    try {
      if (isInteger(text)) {
        return epoch(Long.parseLong(text));
      }
      if (text.length() > 10 && text.charAt(10) == ' ') {
        return LocalDateTime.parse(text, SPACE_SEPARATED).toInstant(ZoneOffset.UTC);
      }
      if (hasZone(text)) {
        return OffsetDateTime.parse(text).toInstant();
      }
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "cannot parse time '"
              + text
              + "' in column '"
              + column
              + "' (expected yyyy-MM-dd HH:mm:ss, ISO-8601 or epoch seconds/millis)");
    }
  }

  private static Instant epoch(long number) {
    return Math.abs(number) < EPOCH_SECONDS_LIMIT
        ? Instant.ofEpochSecond(number)
        : Instant.ofEpochMilli(number);
  }

  private static boolean isInteger(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    if (text.length() == start) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      if (!Character.isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** A zone is a trailing {@code Z} or a {@code +hh:mm}/{@code -hh:mm} after the time part. */
  private static boolean hasZone(String text) {
    int timeStart = text.indexOf('T');
    return text.endsWith("Z")
        || (timeStart > 0
            && (text.indexOf('+', timeStart) > 0 || text.indexOf('-', timeStart) > 0));
  }

  private static double parseValue(String text, String column) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "cannot parse value '" + text + "' in column '" + column + "' as a number");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "value '" + text + "' in column '" + column + "' is not a finite number");
    }
    return value;
  }

  private static String stripByteOrderMark(String header) {
    return header.startsWith("\uFEFF") ? header.substring(1) : header;
  }

  /** Splits one line on commas, honouring double-quoted fields. */
  static List<String> splitLine(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
