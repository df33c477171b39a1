package io.nowcast.stream;

import static io.nowcast.stream.StreamFixtures.offline;
import static io.nowcast.stream.StreamFixtures.series;
import static io.nowcast.stream.StreamFixtures.serving;
import static io.nowcast.stream.StreamFixtures.snapshot;
import static io.nowcast.stream.StreamFixtures.withoutProducedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.config.ForecasterConfig;
import io.nowcast.engine.ServingModel;
import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureState;
import io.nowcast.metrics.NowcastMetrics;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkState;
import io.nowcast.nn.StepWorkspace;
import io.nowcast.serde.InMemorySchemaRegistry;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.web.SensorView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forecaster's happy path: forecasts, reports, re-keying, the latest-forecast store. */
class ForecasterTopologyTest {

  private static final ModelSnapshot V1 = snapshot(1, "value,dt,gap", 11);

  @TempDir Path stateDir;
  private final String scope = "forecaster-" + UUID.randomUUID();
  private ForecasterDriver forecaster;

  @BeforeEach
  void start() {
    forecaster = new ForecasterDriver(scope, stateDir, Map.of());
  }

  @AfterEach
  void stop() {
    forecaster.close();
    InMemorySchemaRegistry.dropScope(scope);
  }

  @Test
  void forecastsAndReportsEqualTheOfflineRunnerOneStepPerEvent() {
    List<SensorReading> a = series("room-a", 30);
    List<SensorReading> b = series("room-b", 30);
    forecaster.publish(V1);
    for (int i = 0; i < a.size(); i++) {
      forecaster.send(List.of(a.get(i), b.get(i)));
    }

    List<Forecast> forecasts = forecaster.forecasts();
    StreamFixtures.Expected expectedA = offline(serving(V1), a, StreamFixtures.SETTINGS);
    StreamFixtures.Expected expectedB = offline(serving(V1), b, StreamFixtures.SETTINGS);
    assertEquals(60, forecasts.size(), "one forecast per event");
    assertEquals(
        withoutProducedAt(expectedA.forecasts()), withoutProducedAt(ofSensor(forecasts, "room-a")));
    assertEquals(
        withoutProducedAt(expectedB.forecasts()), withoutProducedAt(ofSensor(forecasts, "room-b")));
    List<Object> reports = new ArrayList<>(forecaster.reports());
    List<Object> expectedReports = new ArrayList<>();
    for (int i = 0; i < expectedA.reports().size(); i++) {
      expectedReports.add(expectedA.reports().get(i));
      expectedReports.add(expectedB.reports().get(i));
    }
    assertEquals(expectedReports, reports);
    assertEquals(60.0, forecaster.counter("nowcast.forecasts"));
    assertTrue(
        forecasts.stream().allMatch(f -> f.getProducedAt().equals(ForecasterDriver.WALL_CLOCK)),
        "produced_at is the wall clock");
  }

  @Test
  void firstForecastsMatchAHandAssembledPipelineAndNetwork() {
    List<SensorReading> readings = series("room-a", 4);
    forecaster.publish(V1);
    forecaster.send(readings);

    ServingModel model = serving(V1);
    FeaturePipeline pipeline = model.pipeline();
    FeatureState features = pipeline.newState();
    Network network = model.network();
    NetworkState state = network.newState();
    StepWorkspace workspace = network.newWorkspace();
    float[] x = new float[pipeline.inputSize()];
    float[] out = new float[network.spec().outputSize()];
    List<Forecast> forecasts = forecaster.forecasts();
    for (int i = 0; i < readings.size(); i++) {
      SensorReading reading = readings.get(i);
      pipeline.observe(
          features,
          reading.getTimestamp().toEpochMilli(),
          reading.getValue(),
          reading.getCovariates(),
          x);
      network.step(state, x, workspace, out);
      for (int k = 0; k < StreamFixtures.HORIZON; k++) {
        assertEquals(
            pipeline.denormalise(features, out[k]),
            forecasts.get(i).getHorizon().get(k).getMean(),
            "event " + i + " step " + (k + 1));
      }
    }
  }

  @Test
  void readingsWithoutTheSensorIdAsKeyAreRekeyedAndForecastTheSame() {
    List<SensorReading> readings = series("room-a", 20);
    forecaster.publish(V1);
    for (int i = 0; i < readings.size(); i++) {
      forecaster.send(i % 3 == 0 ? null : i % 3 == 1 ? "gateway-7" : "room-a", readings.get(i));
    }

    assertEquals(
        withoutProducedAt(offline(serving(V1), readings, StreamFixtures.SETTINGS).forecasts()),
        withoutProducedAt(forecaster.forecasts()));
  }

  @Test
  void aTopicPatternReadsEveryMatchingTopic() {
    forecaster.close();
    forecaster =
        new ForecasterDriver(
            scope, stateDir.resolve("pattern"), Map.of("nowcast.input.pattern", "plant-.*"));
    List<SensorReading> readings = series("room-a", 6);
    forecaster.publish(V1);
    forecaster.sendTo("plant-east", readings.subList(0, 3));
    forecaster.sendTo("plant-west", readings.subList(3, 6));

    assertEquals(
        withoutProducedAt(offline(serving(V1), readings, StreamFixtures.SETTINGS).forecasts()),
        withoutProducedAt(forecaster.forecasts()));
  }

  @Test
  void foreignJsonRecordsAreMappedByTheInputKeys() {
    forecaster.close();
    forecaster =
        new ForecasterDriver(
            scope,
            stateDir.resolve("json"),
            Map.of(
                "nowcast.input.format",
                "json",
                "nowcast.input.key.field",
                "device.id",
                "nowcast.input.value.field",
                "kwh"));
    List<SensorReading> readings = series("meter-17", 5);
    forecaster.publish(V1);
    for (SensorReading reading : readings) {
      String json =
          "{\"device\": {\"id\": \"meter-17\"}, \"timestamp\": "
              + reading.getTimestamp().toEpochMilli()
              + ", \"kwh\": "
              + reading.getValue()
              + "}";
      forecaster.sendBytes(null, json.getBytes(StandardCharsets.UTF_8), reading.getTimestamp());
    }

    List<SensorReading> withoutCovariates =
        readings.stream()
            .map(
                reading ->
                    new SensorReading(
                        reading.getSensorId(),
                        reading.getTimestamp(),
                        reading.getValue(),
                        Map.of()))
            .toList();
    assertEquals(
        withoutProducedAt(
            offline(serving(V1), withoutCovariates, StreamFixtures.SETTINGS).forecasts()),
        withoutProducedAt(forecaster.forecasts()));
  }

  @Test
  void oneSubTopologyWithOneInternalRepartitionTopic() {
    ForecasterConfig config =
        new ForecasterConfig(
            ForecasterDriver.configuration(scope, Map.of()), SerdeConfig.CONFIG_DEF);
    String description =
        new ForecasterTopology(
                config,
                Topics.from(config),
                forecaster.models,
                new NowcastMetrics(new SimpleMeterRegistry()))
            .build()
            .describe()
            .toString();

    assertEquals(
        2, occurrences(description, "Sub-topology:"), "the global store's and the forecaster's");
    assertEquals(1, occurrences(description, "(topics: [rekeyed-repartition])"), description);
    assertEquals(1, occurrences(description, "(topic: rekeyed-repartition)"), description);
    assertEquals(
        3, occurrences(description, "Sink:"), "forecasts, accuracy, re-keying: " + description);
  }

  private static int occurrences(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  @Test
  void latestForecastIsQueryablePerSensor() {
    forecaster.publish(V1);
    forecaster.send(series("room-a", 5));
    forecaster.send(series("room-b", 3));
    List<Forecast> forecasts = forecaster.forecasts();
    LatestForecasts directory = new LatestForecasts(forecaster::latestForecasts);

    SensorView view = directory.sensor("room-a").orElseThrow();
    Forecast last = forecasts.get(4);
    assertEquals(List.of("room-a", "room-b"), directory.sensorIds());
    assertEquals(LatestForecasts.view(last), view);
    assertEquals(1, view.modelVersion());
    assertEquals(last.getHorizon().get(2).getMean(), view.horizon().get(2).mean());
    assertTrue(directory.sensor("room-z").isEmpty());
    assertNotNull(forecaster.sensorStates().get("room-b"));
  }

  private static List<Forecast> ofSensor(List<Forecast> forecasts, String sensor) {
    return forecasts.stream().filter(f -> f.getSensorId().equals(sensor)).toList();
  }
}
