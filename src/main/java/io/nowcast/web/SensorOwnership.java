package io.nowcast.web;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance owns which sensor. {@link StreamsSensorOwnership} answers from Kafka Streams'
 * metadata; tests substitute a fixed map.
 */
public interface SensorOwnership {

  /**
   * The {@code application.server} of the instance whose active task holds {@code sensorId}; empty
   * while that is not known (Streams not running or rebalancing).
   */
  Optional<HostInfo> ownerOf(String sensorId);

  /**
   * Every instance (this one included) that currently hosts part of the store.
   *
   * @throws SensorLookupUnavailableException when the metadata cannot be read right now
   */
  Set<HostInfo> instances();
}
