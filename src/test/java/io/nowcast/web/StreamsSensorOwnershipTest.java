package io.nowcast.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata of a Kafka Streams instance that has not started: ownership must read as "unknown", not
 * fail.
 */
class StreamsSensorOwnershipTest {

  @TempDir Path stateDir;

  @Test
  void aStreamsInstanceThatIsNotRunningOwnsNothingYet() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.table(
        "readings",
        Consumed.with(Serdes.String(), Serdes.String()),
        Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("latest"));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ownership-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:8080");

    try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
      StreamsSensorOwnership ownership =
          new StreamsSensorOwnership(streams, "latest", new StringSerializer());

      assertEquals(Optional.empty(), ownership.ownerOf("s1"));
      SensorLookupUnavailableException e =
          assertThrows(SensorLookupUnavailableException.class, ownership::instances);
      assertTrue(e.getMessage().startsWith("store latest is not queryable: "), e.getMessage());
    }
  }
}
