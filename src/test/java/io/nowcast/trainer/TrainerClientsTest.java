package io.nowcast.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class TrainerClientsTest {

  @Test
  void theProducerTakesSnapshotsBeyondKafkasOneMebibyteDefaultCompressed() {
    Map<String, Object> props =
        TrainerClients.producerProperties(Map.of("bootstrap.servers", "b:9092"), "id");

    assertEquals(
        TrainerClients.MAX_SNAPSHOT_BYTES, props.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    assertEquals(
        2L * TrainerClients.MAX_SNAPSHOT_BYTES, props.get(ProducerConfig.BUFFER_MEMORY_CONFIG));
    assertEquals("zstd", props.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
    assertEquals("id", props.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
    assertEquals("all", props.get(ProducerConfig.ACKS_CONFIG));
  }

  @Test
  void theConfigurationsOwnSizeAndCompressionKeysWin() {
    Map<String, Object> props =
        TrainerClients.producerProperties(
            Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                "1000",
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4"),
            "id");

    assertEquals("1000", props.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    assertEquals("lz4", props.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
  }
}
