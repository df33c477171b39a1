package io.nowcast.reliability;

import static io.nowcast.reliability.ReliabilityFixtures.fleet;
import static io.nowcast.reliability.ReliabilityFixtures.reference;
import static io.nowcast.reliability.ReliabilityFixtures.snapshot;
import static io.nowcast.reliability.ReliabilityFixtures.withoutProducedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.reliability.ReliabilityFixtures.ForecastKey;
import io.nowcast.serde.AvroSerde;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.stream.ForecasterApp;
import io.nowcast.stream.errors.DeadLetterRecords;
import io.nowcast.stream.errors.DeadLetters;
import io.nowcast.testing.RealSchemaRegistry;
import io.nowcast.testing.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poison-pill matrix (after Kafka's {@code DeadLetterQueueIntegrationTest}): every kind of bad
 * record, interleaved with good readings, on a real broker and a real schema registry. Each bad
 * record must become a dead letter with its reason, or a counted skip, while Kafka Streams stays
 * RUNNING and the good readings are forecast exactly as the offline reference; the counters must
 * account for every input. Subclasses bring the broker ({@link PoisonPillIT}: embedded; {@link
 * PoisonPillContainerIT}: the apache/kafka image where Docker exists).
 */
abstract class PoisonPillMatrix {

  private static final String INPUT = "poison-readings";
  private static final String OUTPUT = "poison-forecasts";
  private static final String DLQ = "poison-dlq";
  private static final String MODELS = "poison-models";
  private static final double MAX_ABS = 1e6;
  private static final int OVERSIZED_BYTES = 900 * 1024;
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String bootstrapServers;
  private static Map<String, Object> serdeConfig;

  @TempDir Path stateDir;

  /**
   * Points the matrix at a running broker and creates its topics; a subclass's {@code @BeforeAll}
   * calls it.
   */
  static void prepare(String brokerBootstrapServers) throws Exception {
    bootstrapServers = brokerBootstrapServers;
    serdeConfig = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, RealSchemaRegistry.shared().url());
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      // Retention off: the good readings carry March 2026 event times, which a default broker (the
      // container's) deletes as older than 7 days at its next retention check.
      Map<String, String> keep = Map.of("retention.ms", "-1");
      admin
          .createTopics(
              List.of(
                  new NewTopic(INPUT, 2, (short) 1).configs(keep),
                  new NewTopic(OUTPUT, 1, (short) 1).configs(keep),
                  new NewTopic(DLQ, 1, (short) 1),
                  new NewTopic("poison-accuracy", 1, (short) 1),
                  new NewTopic(MODELS, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
          .all()
          .get();
    }
  }

  @Test
  void everyPoisonPillIsDeadLetteredOrCountedAndTheGoodRecordsAroundItAreForecast()
      throws Exception {
    ModelSnapshot model = snapshot(1, 23);
    List<SensorReading> good = fleet(3, 40);
    Map<ForecastKey, Forecast> expected = reference(model, good);
    try (AvroSerde<SensorReading> readings =
            NowcastSerdes.specific(SensorReading.class, serdeConfig, false);
        AvroSerde<ModelSnapshot> models =
            NowcastSerdes.specific(ModelSnapshot.class, serdeConfig, false);
        AvroSerde<Forecast> forecasts = NowcastSerdes.specific(Forecast.class, serdeConfig, false);
        KafkaProducer<String, byte[]> producer = producer();
        ForecasterApp app = ForecasterApp.start(config())) {
      producer
          .send(
              new ProducerRecord<>(MODELS, "fleet@1", models.serializer().serialize(MODELS, model)))
          .get();
      assertTrue(app.awaitRunning(DEADLINE), "Kafka Streams RUNNING");
      Map<String, Integer> poisonByReason = new TreeMap<>();
      List<ProducerRecord<String, byte[]>> poisons = poisonPills(readings, poisonByReason);
      Random random = new Random(8);
      List<ProducerRecord<String, byte[]>> mixed = new ArrayList<>();
      good.forEach(r -> mixed.add(record(readings, r.getSensorId(), r)));
      for (ProducerRecord<String, byte[]> poison : poisons) {
        mixed.add(20 + random.nextInt(mixed.size() - 20), poison);
      }
      List<ProducerRecord<String, byte[]>> skips = duplicateAndLate(readings, good);
      for (ProducerRecord<String, byte[]> record : mixed) {
        producer.send(record).get();
      }
      skips.forEach(producer::send);
      // A tombstone carries no reading: a counted skip (reason "tombstone"), not a dead letter.
      producer.send(new ProducerRecord<>(INPUT, "tombstone", null));
      producer.flush();

      List<ConsumerRecord<byte[], Forecast>> out =
          TopicReader.read(
              bootstrapServers,
              OUTPUT,
              new ByteArrayDeserializer(),
              forecasts.deserializer(),
              expected.size(),
              DEADLINE);
      List<ConsumerRecord<byte[], byte[]>> dead =
          TopicReader.read(
              bootstrapServers,
              DLQ,
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer(),
              poisons.size(),
              DEADLINE);

      assertEquals(
          KafkaStreams.State.RUNNING,
          app.streams().state(),
          "the stream survives every poison pill");
      assertGoodForecasts(expected, out);
      assertEquals(poisonByReason, reasons(dead), "dead letters by nowcast.reason");
      assertOversizedCopyCapped(dead);
      assertAccounting(app, good.size(), poisons.size(), skips.size() + 1);
    }
  }

  /**
   * The bad records, each under its own key; {@code byReason} gets the reason expected for each.
   */
  private List<ProducerRecord<String, byte[]>> poisonPills(
      AvroSerde<SensorReading> serde, Map<String, Integer> byReason) {
    List<ProducerRecord<String, byte[]>> pills = new ArrayList<>();
    Instant at = ReliabilityFixtures.SERIES_START;
    byte[] valid =
        serde.serializer().serialize(INPUT, new SensorReading("bad-avro", at, 1.0, Map.of()));
    String undecodable = DeadLetters.DESERIALIZATION_FAILED;
    pills.add(
        raw(
            "not-avro",
            "this is not Avro at all".getBytes(StandardCharsets.UTF_8),
            byReason,
            undecodable));
    byte[] wrongMagic = valid.clone();
    wrongMagic[0] = 7;
    pills.add(raw("wrong-magic", wrongMagic, byReason, undecodable));
    byte[] unknownId = valid.clone();
    unknownId[1] = 0x3b; // schema id 0x3b9aca00 = 1,000,000,000: never registered
    unknownId[2] = (byte) 0x9a;
    unknownId[3] = (byte) 0xca;
    unknownId[4] = 0;
    pills.add(raw("unknown-schema-id", unknownId, byReason, undecodable));
    pills.add(raw("incompatible-schema", incompatibleRecord(), byReason, undecodable));
    pills.add(raw("truncated", Arrays.copyOf(valid, valid.length - 6), byReason, undecodable));
    byte[] oversized = new byte[OVERSIZED_BYTES];
    new Random(3).nextBytes(oversized);
    pills.add(raw("oversized", oversized, byReason, undecodable));
    pills.add(reading(serde, "", at, 1.0, byReason, DeadLetters.MISSING_SENSOR_ID));
    pills.add(reading(serde, "nan", at, Double.NaN, byReason, DeadLetters.NON_FINITE_VALUE));
    pills.add(
        reading(
            serde,
            "plus-infinity",
            at,
            Double.POSITIVE_INFINITY,
            byReason,
            DeadLetters.NON_FINITE_VALUE));
    pills.add(
        reading(
            serde,
            "minus-infinity",
            at,
            Double.NEGATIVE_INFINITY,
            byReason,
            DeadLetters.NON_FINITE_VALUE));
    pills.add(reading(serde, "absurd", at, MAX_ABS * 10, byReason, DeadLetters.ABSURD_MAGNITUDE));
    pills.add(
        reading(
            serde,
            "future",
            Instant.now().plus(Duration.ofDays(2)),
            1.0,
            byReason,
            "timestamp_in_future"));
    pills.add(
        reading(
            serde,
            "ancient",
            Instant.parse("1990-01-01T00:00:00Z"),
            1.0,
            byReason,
            "timestamp_too_old"));
    return pills;
  }

  /**
   * A record of another schema, registered under another subject: its id resolves, its shape does
   * not.
   */
  private static byte[] incompatibleRecord() {
    Schema other =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Invoice\",\"namespace\":\"elsewhere\","
                    + "\"fields\":[{\"name\":\"amount\",\"type\":\"string\"}]}");
    GenericRecord invoice = new GenericData.Record(other);
    invoice.put("amount", "12.50 EUR");
    try (AvroSerde<GenericRecord> generic = NowcastSerdes.generic(serdeConfig, false)) {
      return generic.serializer().serialize("invoices-" + UUID.randomUUID(), invoice);
    }
  }

  /** A duplicate of a good reading and a reading older than its sensor's latest: counted skips. */
  private static List<ProducerRecord<String, byte[]>> duplicateAndLate(
      AvroSerde<SensorReading> serde, List<SensorReading> good) {
    SensorReading last = good.get(good.size() - 1);
    SensorReading late =
        new SensorReading(
            last.getSensorId(), last.getTimestamp().minusSeconds(3600), 5.0, Map.of());
    return List.of(
        record(serde, last.getSensorId(), last), record(serde, late.getSensorId(), late));
  }

  private static ProducerRecord<String, byte[]> raw(
      String key, byte[] value, Map<String, Integer> byReason, String reason) {
    byReason.merge(reason, 1, Integer::sum);
    return new ProducerRecord<>(INPUT, key, value);
  }

  private static ProducerRecord<String, byte[]> reading(
      AvroSerde<SensorReading> serde,
      String sensor,
      Instant at,
      double value,
      Map<String, Integer> byReason,
      String reason) {
    byReason.merge(reason, 1, Integer::sum);
    // The record timestamp stays the broker's "now": the broker itself refuses a record stamped
    // more than an hour ahead, and the forecaster must judge the reading's own event time.
    String key = sensor.isEmpty() ? "empty-sensor-id" : sensor;
    return new ProducerRecord<>(
        INPUT,
        key,
        serde.serializer().serialize(INPUT, new SensorReading(sensor, at, value, Map.of())));
  }

  private static ProducerRecord<String, byte[]> record(
      AvroSerde<SensorReading> serde, String key, SensorReading reading) {
    return new ProducerRecord<>(
        INPUT,
        null,
        reading.getTimestamp().toEpochMilli(),
        key,
        serde.serializer().serialize(INPUT, reading));
  }

  private static void assertGoodForecasts(
      Map<ForecastKey, Forecast> expected, List<ConsumerRecord<byte[], Forecast>> out) {
    Map<ForecastKey, Forecast> actual = new HashMap<>();
    out.forEach(r -> actual.put(ForecastKey.of(r.value()), withoutProducedAt(r.value())));
    assertEquals(
        expected.size(), out.size(), "one forecast per good reading, none for a poison pill");
    assertEquals(
        expected, actual, "the good readings are forecast as if no poison pill had been there");
  }

  private static Map<String, Integer> reasons(List<ConsumerRecord<byte[], byte[]>> dead) {
    Map<String, Integer> byReason = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : dead) {
      Header reason = record.headers().lastHeader(DeadLetterRecords.REASON_HEADER);
      assertTrue(
          record.headers().lastHeader(DeadLetterRecords.EXCEPTION_HEADER) != null,
          "a dead letter carries its cause");
      byReason.merge(
          reason == null
              ? "<no reason header>"
              : new String(reason.value(), StandardCharsets.UTF_8),
          1,
          Integer::sum);
    }
    return byReason;
  }

  private static void assertOversizedCopyCapped(List<ConsumerRecord<byte[], byte[]>> dead) {
    ConsumerRecord<byte[], byte[]> oversized =
        dead.stream()
            .filter(r -> "oversized".equals(new String(r.key(), StandardCharsets.UTF_8)))
            .findFirst()
            .orElseThrow();
    assertEquals("true", header(oversized, DeadLetterRecords.TRUNCATED_HEADER));
    assertEquals(
        Integer.toString(OVERSIZED_BYTES),
        header(oversized, DeadLetterRecords.ORIGINAL_SIZE_HEADER));
    assertTrue(oversized.value().length < OVERSIZED_BYTES, "the dead-letter copy is capped");
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /**
   * forecasts + skips + dead letters = every input record, the tombstone included: nothing
   * vanishes. The skips are checked by reason, so a tombstone cannot hide behind a miscounted
   * duplicate.
   */
  private static void assertAccounting(ForecasterApp app, int good, int poisons, int skips) {
    Poll.until(
        DEADLINE,
        () -> {
          String metrics = metrics(app);
          return sum(metrics, "nowcast_forecasts_total")
                  + sum(metrics, "nowcast_records_skipped_total")
                  + sum(metrics, "nowcast_dead_letters_total")
              >= good + poisons + skips;
        },
        () -> "metrics accounting for " + (good + poisons + skips) + " inputs:\n" + metrics(app));
    String metrics = metrics(app);
    assertEquals(good, sum(metrics, "nowcast_forecasts_total"), "forecasts");
    assertEquals(skips, sum(metrics, "nowcast_records_skipped_total"), "counted skips");
    assertEquals(
        1, sum(metrics, "nowcast_records_skipped_total", "tombstone"), "the tombstone, counted");
    assertEquals(poisons, sum(metrics, "nowcast_dead_letters_total"), "dead letters");
  }

  /** Sum over all label sets of a Prometheus counter in the text exposition. */
  private static long sum(String metrics, String name) {
    return sumMatching(metrics, name, "[^}]*");
  }

  /** Sum of the Prometheus counter {@code name} over the label sets of {@code reason}. */
  private static long sum(String metrics, String name, String reason) {
    return sumMatching(metrics, name, "[^}]*reason=\"" + Pattern.quote(reason) + "\"[^}]*");
  }

  /** Sum of the samples of {@code name} whose label set (without braces) matches {@code labels}. */
  private static long sumMatching(String metrics, String name, String labels) {
    Matcher matcher =
        Pattern.compile("(?m)^" + name + "(\\{" + labels + "})? ([0-9.eE+]+)$").matcher(metrics);
    double total = 0;
    while (matcher.find()) {
      total += Double.parseDouble(matcher.group(2));
    }
    return Math.round(total);
  }

  private static String metrics(ForecasterApp app) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "unavailable: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private Map<String, Object> config() {
    Map<String, Object> config = new HashMap<>(serdeConfig);
    config.put("bootstrap.servers", bootstrapServers);
    config.put("application.id", "poison-" + UUID.randomUUID());
    config.put("state.dir", stateDir.toString());
    config.put("nowcast.input.topics", INPUT);
    config.put("nowcast.output.topic", OUTPUT);
    config.put("nowcast.accuracy.topic", "poison-accuracy");
    config.put("nowcast.dlq.topic", DLQ);
    config.put("nowcast.models.topic", MODELS);
    config.put("nowcast.model.name", ReliabilityFixtures.MODEL_NAME);
    config.put("nowcast.http.port", "0");
    config.put("nowcast.ring.buffer.size", Integer.toString(ReliabilityFixtures.RING));
    config.put(
        "nowcast.accuracy.every.events", Integer.toString(ReliabilityFixtures.ACCURACY_EVERY));
    config.put("nowcast.value.max.abs", Double.toString(MAX_ABS));
    config.put("nowcast.timestamp.max.past", "3650d");
    return config;
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            1_000_000),
        new StringSerializer(),
        new ByteArraySerializer());
  }
}
