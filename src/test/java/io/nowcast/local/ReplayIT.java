package io.nowcast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nowcast.avro.SensorReading;
import io.nowcast.cli.Nowcast;
import io.nowcast.serde.AvroDeserializer;
import io.nowcast.serde.AvroSerializer;
import io.nowcast.testing.TopicReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays CSV into a real (embedded) broker through the registry serde and reads it back. */
class ReplayIT {

  private static final String REGISTRY = "mock://replay-it";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static EmbeddedKafka kafka;

  @TempDir Path tempDir;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void replayedNabSliceReadsBackKeyedAndTimestampedByEventTime() throws IOException {
    kafka.createTopic("nab-ambient", 2, Map.of());
    Path csv = copyResource("/nab/ambient_temperature_system_failure.csv");
    Serializer<SensorReading> values = new AvroSerializer<>();
    values.configure(Map.of("schema.registry.url", REGISTRY), false);
    Map<String, Object> config =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());

    Replay.Summary summary;
    try (KafkaProducer<String, SensorReading> producer =
        new KafkaProducer<>(config, new StringSerializer(), values)) {
      summary =
          Replay.builder()
              .build()
              .run(
                  CsvSeries.singleSensor("timestamp", "value", "ambient"),
                  csv,
                  producer,
                  "nab-ambient");
    }

    assertEquals(2000, summary.sent());
    List<ConsumerRecord<String, SensorReading>> records = read("nab-ambient", 2000);
    assertEquals(2000, records.size());
    ConsumerRecord<String, SensorReading> first = records.get(0);
    assertEquals("ambient", first.key());
    assertEquals(Instant.parse("2013-07-04T00:00:00Z"), first.value().getTimestamp());
    assertEquals(first.value().getTimestamp().toEpochMilli(), first.timestamp());
    assertEquals(69.88083514, first.value().getValue());
  }

  @Test
  void replayCommandSkipsBadRowsAndSendsTheRest() throws IOException {
    kafka.createTopic("cli-replay", 1, Map.of());
    Path csv = tempDir.resolve("two-sensors.csv");
    Files.writeString(
        csv,
        "when,sensor,reading\n"
            + "2024-01-01T00:00:00Z,pump,1.0\n"
            + "2024-01-01T00:01:00Z,fan,2.0\n"
            + "not-a-time,fan,3.0\n"
            + "2024-01-01T00:02:00Z,pump,4.0\n");

    int exit =
        Nowcast.commandLine()
            .execute(
                "replay",
                "--csv",
                csv.toString(),
                "--topic",
                "cli-replay",
                "--time-column",
                "when",
                "--value-column",
                "reading",
                "--key-column",
                "sensor",
                "--rate",
                "1000",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--registry-url",
                REGISTRY);

    assertEquals(0, exit);
    List<ConsumerRecord<String, SensorReading>> records = read("cli-replay", 3);
    assertEquals(
        List.of("pump", "fan", "pump"), records.stream().map(ConsumerRecord::key).toList());
    assertEquals(List.of(1.0, 2.0, 4.0), records.stream().map(r -> r.value().getValue()).toList());
  }

  private static List<ConsumerRecord<String, SensorReading>> read(String topic, int expected) {
    AvroDeserializer<SensorReading> values = new AvroDeserializer<>(SensorReading.class);
    values.configure(Map.of("schema.registry.url", REGISTRY), false);
    return TopicReader.read(
        kafka.bootstrapServers(), topic, new StringDeserializer(), values, expected, TIMEOUT);
  }

  private Path copyResource(String resource) throws IOException {
    Path target = tempDir.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in =
        Objects.requireNonNull(ReplayIT.class.getResourceAsStream(resource), resource)) {
      Files.copy(in, target);
    }
    return target;
  }
}
