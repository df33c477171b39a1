package io.nowcast.web;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;

/**
 * A {@link SensorDirectory} for a partitioned store: answers from the local store when this
 * instance owns the sensor and forwards to the owning instance otherwise; lists the ids of all
 * instances. Forwarded requests are answered by the other side's {@link #localOnly()} view.
 */
public final class StreamsSensorDirectory implements SensorDirectory {

  private final HostInfo self;
  private final SensorOwnership ownership;
  private final SensorDirectory local;
  private final RemoteSensorClient remote;

  /**
   * @param self this instance's {@code application.server}
   * @param ownership who owns which key
   * @param local lookups in this instance's own store
   * @param remote client for the other instances' HTTP APIs
   */
  public StreamsSensorDirectory(
      HostInfo self, SensorOwnership ownership, SensorDirectory local, RemoteSensorClient remote) {
    this.self = self;
    this.ownership = ownership;
    this.local = local;
    this.remote = remote;
  }

  @Override
  public List<String> sensorIds() {
    TreeSet<String> ids = new TreeSet<>(local.sensorIds());
    for (HostInfo instance : ownership.instances()) {
      if (!instance.equals(self)) {
        ids.addAll(remote.sensorIds(instance));
      }
    }
    return List.copyOf(ids);
  }

  @Override
  public Optional<SensorView> sensor(String sensorId) {
    HostInfo owner =
        ownership
            .ownerOf(sensorId)
            .orElseThrow(
                () ->
                    new SensorLookupUnavailableException(
                        "the owner of sensor "
                            + sensorId
                            + " is not known yet (Kafka Streams not running or rebalancing)"));
    return owner.equals(self) ? local.sensor(sensorId) : remote.sensor(owner, sensorId);
  }

  @Override
  public SensorDirectory localOnly() {
    return local;
  }
}
