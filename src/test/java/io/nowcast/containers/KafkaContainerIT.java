package io.nowcast.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nowcast.testing.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The produce/consume round trip of {@code EmbeddedKafkaIT}, on the apache/kafka image. */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {

  /** A KRaft image our 4.4 clients speak to; newer tags work the same way. */
  static final String KAFKA_IMAGE = "apache/kafka:4.0.0";

  @Container static final KafkaContainer KAFKA = new KafkaContainer(KAFKA_IMAGE);

  @Test
  void producedRecordsAreConsumedInOrder() throws Exception {
    Map<String, Object> config =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (String value : List.of("a", "b", "c")) {
        producer
            .send(new ProducerRecord<>("container-readings", "k", value))
            .get(30, TimeUnit.SECONDS);
      }
    }

    List<ConsumerRecord<String, String>> records =
        TopicReader.read(
            KAFKA.getBootstrapServers(),
            "container-readings",
            new StringDeserializer(),
            new StringDeserializer(),
            3,
            Duration.ofSeconds(60));
    assertEquals(List.of("a", "b", "c"), records.stream().map(ConsumerRecord::value).toList());
  }
}
