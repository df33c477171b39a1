package io.nowcast.serde;

import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Calibration;
import io.nowcast.avro.Cell;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ForecastPoint;
import io.nowcast.avro.GeneratedClassTrust;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.Output;
import io.nowcast.avro.SensorReading;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One filled-in record of each of our schemas, every optional part set. */
final class TestRecords {

  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  static {
    GeneratedClassTrust.trustGeneratedSchemas();
  }

  private TestRecords() {}

  static SensorReading sensorReading() {
    return SensorReading.newBuilder()
        .setSensorId("pump-7")
        .setTimestamp(T0)
        .setValue(21.5)
        .setCovariates(Map.of("ambient", 3.25))
        .build();
  }

  static Forecast forecast() {
    ForecastPoint point =
        ForecastPoint.newBuilder()
            .setStep(1)
            .setTimestamp(T0.plusSeconds(60))
            .setMean(22.0)
            .setLower(21.0)
            .setUpper(23.0)
            .build();
    return Forecast.newBuilder()
        .setSensorId("pump-7")
        .setTimestamp(T0)
        .setObserved(21.5)
        .setModelName("fleet")
        .setModelVersion(3)
        .setHorizon(List.of(point))
        .setIntervalLevel(0.8)
        .setProducedAt(T0.plusMillis(5))
        .build();
  }

  static AccuracyReport accuracyReport() {
    return AccuracyReport.newBuilder()
        .setSensorId("pump-7")
        .setWindowStart(T0)
        .setWindowEnd(T0.plusSeconds(3600))
        .setCount(60)
        .setMae(0.5)
        .setRmse(0.7)
        .setPersistenceMae(0.9)
        .setCoverage(0.81)
        .setModelVersion(3)
        .build();
  }

  static ModelSnapshot modelSnapshot() {
    return ModelSnapshot.newBuilder()
        .setName("fleet")
        .setVersion(3)
        .setCreatedAt(T0)
        .setCell(Cell.LSTM)
        .setLayerSizes(List.of(8, 4))
        .setInputSize(2)
        .setHorizon(1)
        .setOutput(Output.POINT)
        .setParameters(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
        .setCalibration(
            Calibration.newBuilder()
                .setLevel(0.8)
                .setLower(List.of(-1.0))
                .setUpper(List.of(1.0))
                .build())
        .build();
  }

  static List<SpecificRecord> allFour() {
    return List.of(sensorReading(), forecast(), accuracyReport(), modelSnapshot());
  }
}
