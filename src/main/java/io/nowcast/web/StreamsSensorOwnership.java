package io.nowcast.web;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@link SensorOwnership} from Kafka Streams' interactive-query metadata. Every instance must set
 * {@code application.server} to the host:port of its HTTP server for the hosts to be meaningful.
 */
public final class StreamsSensorOwnership implements SensorOwnership {

  private final KafkaStreams streams;
  private final String storeName;
  private final Serializer<String> keySerializer;

  /**
   * @param streams the running application
   * @param storeName the state store keyed by sensor id
   * @param keySerializer the serializer the store's source topic is partitioned with
   */
  public StreamsSensorOwnership(
      KafkaStreams streams, String storeName, Serializer<String> keySerializer) {
    this.streams = streams;
    this.storeName = storeName;
    this.keySerializer = keySerializer;
  }

  @Override
  public Optional<HostInfo> ownerOf(String sensorId) {
    KeyQueryMetadata metadata;
    try {
      metadata = streams.queryMetadataForKey(storeName, sensorId, keySerializer);
    } catch (InvalidStateStoreException | IllegalStateException notRunning) {
      // Not started yet, or shutting down: ownership is unknown, which callers report as 503.
      return Optional.empty();
    }
    if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
      return Optional.empty();
    }
    return Optional.of(metadata.activeHost());
  }

  @Override
  public Set<HostInfo> instances() {
    Collection<StreamsMetadata> instances;
    try {
      instances = streams.streamsMetadataForStore(storeName);
    } catch (InvalidStateStoreException | IllegalStateException notRunning) {
      throw new SensorLookupUnavailableException(
          "store " + storeName + " is not queryable: " + notRunning.getMessage(), notRunning);
    }
    Set<HostInfo> hosts = new LinkedHashSet<>();
    for (StreamsMetadata metadata : instances) {
      hosts.add(metadata.hostInfo());
    }
    return hosts;
  }
}
