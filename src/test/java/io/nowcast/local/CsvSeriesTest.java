package io.nowcast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.train.Series;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvSeriesTest {

  private static final CsvSeries SINGLE = CsvSeries.singleSensor("timestamp", "value", "s1");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2013-07-04 01:00:00        | 2013-07-04T01:00:00Z",
        "2013-07-04 01:00:00.250    | 2013-07-04T01:00:00.250Z",
        "2013-07-04T01:00:00        | 2013-07-04T01:00:00Z",
        "2013-07-04T01:00:00Z       | 2013-07-04T01:00:00Z",
        "2013-07-04T03:00:00+02:00  | 2013-07-04T01:00:00Z",
        "2013-07-03T20:00:00-05:00  | 2013-07-04T01:00:00Z",
        "1372899600                 | 2013-07-04T01:00:00Z",
        "1372899600000              | 2013-07-04T01:00:00Z",
      })
  void parsesEveryAcceptedTimeFormatAsUtc(String text, String expected) {
    assertEquals(Instant.parse(expected), CsvSeries.parseTime(text, "timestamp"));
  }

  @Test
  void unparsableTimeNamesColumnAndText() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CsvSeries.parseTime("04/07/2013", "when"));
    assertTrue(e.getMessage().contains("'04/07/2013'"), e.getMessage());
    assertTrue(e.getMessage().contains("'when'"), e.getMessage());
  }

  @Test
  void readsPointsInFileOrderWithLineNumbers() {
    CsvSeries.Parsed parsed =
        SINGLE.read(
            new StringReader("timestamp,value\n2013-07-04 00:00:00,1.5\n\n1372899600,-2\n"));
    assertEquals(
        List.of(
            new CsvSeries.Point(2, "s1", Instant.parse("2013-07-04T00:00:00Z"), 1.5),
            new CsvSeries.Point(4, "s1", Instant.parse("2013-07-04T01:00:00Z"), -2.0)),
        parsed.points());
    assertEquals(List.of(), parsed.badRows());
  }

  @Test
  void seriesAreGroupedBySensorInTheOrderTheyFirstAppear() {
    CsvSeries.Parsed parsed =
        CsvSeries.keyedBy("t", "v", "id")
            .read(new StringReader("t,v,id\n1,1.0,b\n1,2.0,a\n2,3.0,b\n3,4.0,b\n2,5.0,a\n"));

    List<Series> series = parsed.series();

    assertEquals(List.of("b", "a"), series.stream().map(Series::key).toList());
    assertEquals(3, series.get(0).size());
    assertEquals(4.0, series.get(0).value(2));
    assertEquals(5.0, series.get(1).value(1));
  }

  @Test
  void badRowsAreSkippedAndReportedWithTheirLineNumbers() {
    String csv =
        String.join(
            "\n",
            "timestamp,value",
            "2013-07-04 00:00:00,1",
            "yesterday,2",
            "2013-07-04 02:00:00,warm",
            "2013-07-04 03:00:00,4,extra",
            "2013-07-04 04:00:00,NaN",
            "2013-07-04 05:00:00,6");
    CsvSeries.Parsed parsed = SINGLE.read(new StringReader(csv));

    assertEquals(List.of(2L, 7L), parsed.points().stream().map(CsvSeries.Point::line).toList());
    List<CsvSeries.BadRow> bad = parsed.badRows();
    assertEquals(List.of(3L, 4L, 5L, 6L), bad.stream().map(CsvSeries.BadRow::line).toList());
    assertTrue(bad.get(0).reason().contains("cannot parse time 'yesterday'"), bad.get(0).reason());
    assertTrue(bad.get(1).reason().contains("cannot parse value 'warm'"), bad.get(1).reason());
    assertEquals("line 5: expected 2 columns, found 3", bad.get(2).toString());
    assertTrue(bad.get(3).reason().contains("not a finite number"), bad.get(3).reason());
  }

  @Test
  void keyColumnGivesEachRowItsSensorAndHonoursQuotes() {
    CsvSeries keyed = CsvSeries.keyedBy("t", "v", "sensor");
    String csv =
        "sensor,t,v\n\"pump, north\",2013-07-04T00:00:00Z,1\nfan,2013-07-04T00:00:00Z,2\n,1,3";
    CsvSeries.Parsed parsed = keyed.read(new StringReader(csv));

    assertEquals(
        List.of("pump, north", "fan"),
        parsed.points().stream().map(CsvSeries.Point::sensorId).toList());
    assertEquals(List.of(4L), parsed.badRows().stream().map(CsvSeries.BadRow::line).toList());
  }

  @Test
  void missingColumnFailsNamingItAndTheHeader() {
    CsvSeries series = CsvSeries.singleSensor("time", "value", "s1");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> series.read(new StringReader("timestamp,value\n")));
    assertEquals(
        "CSV header has no time column 'time'; columns are [timestamp, value]", e.getMessage());
  }

  @Test
  void readsTheNabSliceCompletely() {
    CsvSeries.Parsed parsed = SINGLE.read(resource("/nab/ambient_temperature_system_failure.csv"));
    assertEquals(2000, parsed.points().size());
    assertEquals(List.of(), parsed.badRows());
    assertEquals(Instant.parse("2013-07-04T00:00:00Z"), parsed.points().get(0).timestamp());
    assertEquals(69.88083514, parsed.points().get(0).value());
  }

  static Reader resource(String path) {
    return new InputStreamReader(
        Objects.requireNonNull(CsvSeriesTest.class.getResourceAsStream(path), path),
        StandardCharsets.UTF_8);
  }
}
