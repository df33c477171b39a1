package io.nowcast.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.testing.TopicReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path tempDir;

  @Test
  void roundTripSurvivesARestartOnTheSameDirectory() throws Exception {
    Path dir = tempDir.resolve("kafka");
    String clusterId;
    long started = System.nanoTime();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().directory(dir).start()) {
      System.out.printf("EmbeddedKafka cold start: %.1f s%n", (System.nanoTime() - started) / 1e9);
      clusterId = kafka.clusterId();
      kafka.createTopic("readings", 2, Map.of());
      produce(kafka, "readings", List.of("a", "b", "c"));
      assertEquals(List.of("a", "b", "c"), values(read(kafka, "readings", 3)));
    }
    assertTrue(Files.exists(dir.resolve("meta.properties")), "the given directory is kept");

    started = System.nanoTime();
    try (EmbeddedKafka again = EmbeddedKafka.builder().directory(dir).start()) {
      System.out.printf("EmbeddedKafka restart: %.1f s%n", (System.nanoTime() - started) / 1e9);
      assertEquals(clusterId, again.clusterId());
      produce(again, "readings", List.of("d"));
      assertEquals(List.of("a", "b", "c", "d"), values(read(again, "readings", 4)));
    }
  }

  @Test
  void createsCompactedTopicsAndClosesTwice() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.builder().messageMaxBytes(2 * 1024 * 1024).start();
    Path dir = kafka.directory();
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      kafka.createCompactedTopic("models", 1);
      kafka.createCompactedTopic("models", 1); // already there: left as it is
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "models");
      Config config =
          admin.describeConfigs(Set.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
      assertEquals("compact", config.get("cleanup.policy").value());
      ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
      Config brokerConfig =
          admin.describeConfigs(Set.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
      assertEquals("2097152", brokerConfig.get("message.max.bytes").value());
      assertEquals(
          "-1",
          brokerConfig.get("log.retention.ms").value(),
          "retention off: records with old event times must not be deleted 30 s after the start");
    } finally {
      kafka.close();
      kafka.close();
    }
    assertTrue(Files.notExists(dir), "a temporary directory is deleted on close");
  }

  @Test
  void aBusyPortFailsWithAMessageNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> EmbeddedKafka.builder().port(port).directory(tempDir.resolve("busy")).start());
      assertEquals(
          "Kafka broker could not start on 127.0.0.1:" + port + ": Address already in use",
          e.getMessage());
    }
  }

  private static void produce(EmbeddedKafka kafka, String topic, List<String> values)
      throws Exception {
    Map<String, Object> config =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (String value : values) {
        // One key: one partition, so the order read back is the order written.
        producer.send(new ProducerRecord<>(topic, "k", value)).get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static List<ConsumerRecord<String, String>> read(
      EmbeddedKafka kafka, String topic, int expected) {
    return TopicReader.read(
        kafka.bootstrapServers(),
        topic,
        new StringDeserializer(),
        new StringDeserializer(),
        expected,
        TIMEOUT);
  }

  private static List<String> values(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(ConsumerRecord::value).toList();
  }
}
