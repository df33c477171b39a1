package io.nowcast.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.cli.Nowcast;
import io.nowcast.local.EmbeddedKafka;
import io.nowcast.model.ModelContent;
import io.nowcast.model.Snapshots;
import io.nowcast.nn.CellType;
import io.nowcast.nn.EnsembleMerge;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import io.nowcast.serde.AvroSerializer;
import io.nowcast.serde.InMemorySchemaRegistry;
import io.nowcast.serde.NowcastSerdes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code nowcast trainer --once} exit codes and the history window measured back from the newest
 * record.
 */
class TrainerOnceIT {

  private static final String REGISTRY = "mock://trainer-once-it-" + UUID.randomUUID();
  private static final Instant NEWEST = Instant.parse("2013-07-10T00:00:00Z");
  private static EmbeddedKafka kafka;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
    InMemorySchemaRegistry.dropScope(REGISTRY.substring("mock://".length()));
  }

  @Test
  void emptyHistoryExitsThreeNamingTheTopics() throws IOException {
    kafka.createTopic("empty-sensors", 1, Map.of());

    Run run = trainer(config("empty-sensors", "7d", kafka.bootstrapServers(), "2m"));

    assertEquals(3, run.exit(), run.err());
    assertTrue(
        run.err().contains("no usable readings at all of input topics [empty-sensors]"), run.err());
  }

  @Test
  void theWindowEndsAtTheNewestRecordNotAtTheWallClock() throws IOException {
    kafka.createTopic("windowed-sensors", 2, Map.of());
    // 'old' has plenty of readings, all 10+ days before the newest record; 'recent' has 30 in its
    // last day.
    send("windowed-sensors", "old", NEWEST.minusSeconds(20 * 86_400), 300, 3_600);
    send("windowed-sensors", "recent", NEWEST.minusSeconds(29 * 1_800), 30, 1_800);

    Run run = trainer(config("windowed-sensors", "2d", kafka.bootstrapServers(), "2m"));

    // Data years old relative to the wall clock is still read, and only the last 2 days of it.
    assertEquals(3, run.exit(), run.err());
    assertTrue(
        run.err().contains("key 'recent' has 30 readings, expected at least 100"), run.err());
    assertFalse(run.err().contains("'old'"), run.err());
  }

  @Test
  void aCycleThatTrainsExitsZeroWithASummaryLine() throws IOException {
    kafka.createTopic("trained-sensors", 1, Map.of());
    send("trained-sensors", "wave", NEWEST.minusSeconds(399 * 3_600), 400, 3_600);

    Run run = trainer(config("trained-sensors", "30d", kafka.bootstrapServers(), "2m"));

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("cycle: 1 keys, 400 points"), run.out());
    assertTrue(run.out().contains("persistence"), run.out());
  }

  @Test
  void anInvalidNewerModelIsSkippedAndItsVersionNeverReused() throws Exception {
    kafka.createTopic("champion-sensors", 1, Map.of());
    send("champion-sensors", "wave", NEWEST.minusSeconds(599 * 3_600), 600, 3_600);
    Path config = config("champion-sensors", "60d", kafka.bootstrapServers(), "2m");
    Files.writeString(
        config,
        "nowcast.model.epochs=15\nnowcast.model.features=value,calendar=hour\n",
        StandardOpenOption.APPEND);
    Run first = trainer(config);
    assertTrue(first.out().contains("published version 1"), first.out() + first.err());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              "champion-sensors.models", "champion-sensors@2", new byte[] {0, 0, 0, 0, 1}));
    }

    Run second = trainer(config);

    assertEquals(0, second.exit(), second.err());
    assertTrue(second.out().contains("(v1)"), "version 1 stays the champion: " + second.out());
    assertFalse(second.out().contains("published version 2"), second.out());
    assertTrue(
        second.out().contains("published version 3") || second.out().contains("not published"),
        second.out());
  }

  @Test
  void aDivergingTrainingExitsOneAndPublishesNothing() throws Exception {
    kafka.createTopic("diverging-sensors", 1, Map.of());
    send("diverging-sensors", "wave", NEWEST.minusSeconds(399 * 3_600), 400, 3_600);
    Path config = config("diverging-sensors", "30d", kafka.bootstrapServers(), "2m");
    Files.writeString(
        config,
        "nowcast.model.learning.rate=1e30\nnowcast.model.clip.norm=0\n",
        StandardOpenOption.APPEND);

    Run run = trainer(config);

    assertEquals(1, run.exit(), run.err());
    assertTrue(run.err().contains("training diverged"), run.err());
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      assertFalse(
          admin.listTopics().names().get().contains("diverging-sensors.models"),
          "nothing was published");
    }
  }

  @Test
  void anUnreachableBrokerExitsOneAfterTheDeadline() throws IOException {
    Run run = trainer(config("anything", "7d", "127.0.0.1:" + closedPort(), "3s"));

    assertEquals(1, run.exit(), run.err());
    assertTrue(run.err().contains("unreachable"), run.err());
  }

  @Test
  void theModelsTopicIsCreatedCompactedWhenMissing() throws Exception {
    try (Admin admin = Admin.create(kafka.adminConfig());
        KafkaProducer<String, ModelSnapshot> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                NowcastSerdes.specific(
                        ModelSnapshot.class, Map.of("schema.registry.url", REGISTRY), false)
                    .serializer())) {
      ModelPublisher publisher =
          new ModelPublisher(admin, () -> producer, "created-models-test", Duration.ofSeconds(30));

      publisher.ensureTopic("created.models");
      publisher.ensureTopic("created.models");

      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "created.models");
      Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
      assertEquals(
          TopicConfig.CLEANUP_POLICY_COMPACT,
          config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
      assertEquals(
          Integer.toString(TrainerClients.MAX_SNAPSHOT_BYTES),
          config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
    }
  }

  /**
   * A seed ensemble of three LSTM 96×2 merges into LSTM 288×2: a 4 MB snapshot, four times Kafka's
   * default record limit, still above it after compression. The trainer's producer and the topic it
   * creates take it, and a consumer with the default fetch sizes reads it back whole.
   */
  @Test
  void aSnapshotOfSeveralMegabytesIsPublishedAndReadBack() throws Exception {
    NetworkSpec member = NetworkSpec.of(CellType.LSTM, 2, new int[] {96, 96}, 12, OutputKind.POINT);
    float[] parameters =
        EnsembleMerge.merge(
            member,
            List.of(
                Network.initialise(member, 1).parameters(),
                Network.initialise(member, 2).parameters(),
                Network.initialise(member, 3).parameters()));
    ModelSnapshot snapshot =
        Snapshots.toSnapshot(
            new ModelContent(
                "big",
                1,
                NEWEST,
                EnsembleMerge.mergedSpec(member, 3),
                "value,diff",
                parameters,
                null,
                null));
    assertTrue(
        snapshot.getParameters().remaining() > 4_000_000,
        "parameters: " + snapshot.getParameters());
    Map<String, Object> kafkaProps =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    Map<String, Object> serdeProps = Map.of("schema.registry.url", REGISTRY);

    try (Admin admin = Admin.create(kafka.adminConfig());
        ModelPublisher publisher =
            new ModelPublisher(
                admin,
                () ->
                    new KafkaProducer<>(
                        TrainerClients.producerProperties(kafkaProps, "big-models-test"),
                        new StringSerializer(),
                        NowcastSerdes.specific(ModelSnapshot.class, serdeProps, false)
                            .serializer()),
                "big-models-test",
                Duration.ofSeconds(30))) {
      publisher.ensureTopic("big.models");
      publisher.publish("big.models", snapshot);
    }

    try (KafkaConsumer<String, ModelSnapshot> consumer =
        new KafkaConsumer<>(
            TrainerClients.consumerProperties(kafkaProps),
            new StringDeserializer(),
            NowcastSerdes.specific(ModelSnapshot.class, serdeProps, false).deserializer())) {
      TopicPartition partition = new TopicPartition("big.models", 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<ConsumerRecord<String, ModelSnapshot>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      assertEquals(1, records.size(), "the snapshot read back from big.models");
      assertEquals("big@1", records.get(0).key());
      assertArrayEquals(parameters, Snapshots.fromSnapshot(records.get(0).value()).parameters());
    }
  }

  private Path config(String topic, String history, String bootstrap, String brokerTimeout)
      throws IOException {
    Path file = dir.resolve(topic + ".properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "bootstrap.servers=" + bootstrap,
            "schema.registry.url=" + REGISTRY,
            "nowcast.input.topics=" + topic,
            "nowcast.models.topic=" + topic + ".models",
            "nowcast.model.name=" + topic,
            "nowcast.trainer.history=" + history,
            "nowcast.trainer.broker.timeout=" + brokerTimeout,
            "nowcast.model.layers=8",
            "nowcast.model.horizon=4",
            "nowcast.model.epochs=3",
            "nowcast.model.batch.size=4",
            "nowcast.model.chunk.length=16",
            ""));
    return file;
  }

  /**
   * {@code count} readings of a daily sine, {@code stepSeconds} apart from {@code first}, keyed and
   * timestamped.
   */
  private static void send(String topic, String key, Instant first, int count, long stepSeconds) {
    AvroSerializer<SensorReading> values = new AvroSerializer<>();
    values.configure(Map.of("schema.registry.url", REGISTRY), false);
    try (KafkaProducer<String, SensorReading> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            values)) {
      for (int i = 0; i < count; i++) {
        Instant time = first.plusSeconds(i * stepSeconds);
        double value = 20 + 5 * Math.sin(2 * Math.PI * time.getEpochSecond() / 86_400.0);
        SensorReading reading = new SensorReading(key, time, value, Map.of());
        producer.send(new ProducerRecord<>(topic, null, time.toEpochMilli(), key, reading));
      }
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private record Run(int exit, String out, String err) {}

  private static Run trainer(Path config) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Nowcast.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exit = command.execute("trainer", "--config", config.toString(), "--once");
    return new Run(exit, out.toString(), err.toString());
  }
}
