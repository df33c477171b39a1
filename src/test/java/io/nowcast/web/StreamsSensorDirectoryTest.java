package io.nowcast.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances on loopback, each owning some sensors, with metadata from a fixed map instead of
 * Kafka.
 */
class StreamsSensorDirectoryTest {

  private final RemoteSensorClient client = new RemoteSensorClient(Duration.ofSeconds(5));
  private final CountingDirectory localA =
      new CountingDirectory(MapSensorDirectory.view("a-1", 4), MapSensorDirectory.view("a-2", 4));
  private final CountingDirectory localB = new CountingDirectory(MapSensorDirectory.view("b-1", 5));
  private final FixedOwnership ownershipA = new FixedOwnership();
  private final FixedOwnership ownershipB = new FixedOwnership();
  private NowcastHttpServer serverA;
  private NowcastHttpServer serverB;
  private HostInfo hostA;
  private HostInfo hostB;

  @BeforeEach
  void startTwoInstances() {
    serverA = startServer();
    serverB = startServer();
    hostA = new HostInfo("127.0.0.1", serverA.port());
    hostB = new HostInfo("127.0.0.1", serverB.port());
    for (FixedOwnership ownership : List.of(ownershipA, ownershipB)) {
      ownership.instances.addAll(List.of(hostA, hostB));
      ownership.owners.putAll(Map.of("a-1", hostA, "a-2", hostA, "b-1", hostB, "nobody", hostB));
    }
    serverA.sensorDirectory(new StreamsSensorDirectory(hostA, ownershipA, localA, client));
    serverB.sensorDirectory(new StreamsSensorDirectory(hostB, ownershipB, localB, client));
  }

  private static NowcastHttpServer startServer() {
    return NowcastHttpServer.builder()
        .metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .build()
        .start();
  }

  @AfterEach
  void stop() {
    serverA.close();
    serverB.close();
  }

  @Test
  void answersLocallyOwnedSensorsWithoutForwarding() throws Exception {
    HttpResponse<String> response = Http.get(serverA, "/api/sensors/a-1");

    assertEquals(200, response.statusCode());
    assertEquals(
        MapSensorDirectory.view("a-1", 4),
        new ObjectMapper().readValue(response.body(), SensorView.class));
    assertEquals(0, localB.lookups.get());
  }

  @Test
  void forwardsToTheOwningInstance() throws Exception {
    HttpResponse<String> response = Http.get(serverA, "/api/sensors/b-1");

    assertEquals(200, response.statusCode());
    assertEquals(
        MapSensorDirectory.view("b-1", 5),
        new ObjectMapper().readValue(response.body(), SensorView.class));
    assertEquals(1, localB.lookups.get());
  }

  @Test
  void unknownSensorOnTheOwnerIsA404Everywhere() throws Exception {
    assertEquals(404, Http.get(serverA, "/api/sensors/nobody").statusCode());
    assertEquals(404, Http.get(serverB, "/api/sensors/nobody").statusCode());
  }

  @Test
  void mergesSensorIdsOfAllInstances() throws Exception {
    HttpResponse<String> fromA = Http.get(serverA, "/api/sensors");
    HttpResponse<String> fromB = Http.get(serverB, "/api/sensors");

    assertEquals("[\"a-1\",\"a-2\",\"b-1\"]", fromA.body());
    assertEquals(fromA.body(), fromB.body());
  }

  @Test
  void forwardsAtMostOnceWhenInstancesDisagreeAboutTheOwner() throws Exception {
    // Mid-rebalance: A thinks B owns x, B thinks A owns it. B must answer from its own store.
    ownershipA.owners.put("x", hostB);
    ownershipB.owners.put("x", hostA);

    HttpResponse<String> response = Http.get(serverA, "/api/sensors/x");

    assertEquals(404, response.statusCode());
    assertEquals(1, localB.lookups.get());
    assertEquals(0, localA.lookups.get());
  }

  @Test
  void unknownOwnerIsUnavailable() throws Exception {
    HttpResponse<String> response = Http.get(serverA, "/api/sensors/unassigned");

    assertEquals(503, response.statusCode());
    assertTrue(
        response.body().contains("the owner of sensor unassigned is not known yet"),
        response.body());
  }

  @Test
  void unreachableOwnerIsUnavailableNamingTheInstance() throws Exception {
    HostInfo gone = new HostInfo("127.0.0.1", freePort());
    ownershipA.owners.put("lost", gone);

    HttpResponse<String> response = Http.get(serverA, "/api/sensors/lost");

    assertEquals(503, response.statusCode());
    assertTrue(
        response
            .body()
            .contains("instance 127.0.0.1:" + gone.port() + " did not answer for sensor lost"),
        response.body());
  }

  @Test
  void clientReportsAnUnexpectedStatusAsUnavailable() {
    StreamsSensorDirectory forwarding =
        new StreamsSensorDirectory(hostA, ownershipA, localA, client);
    serverB.sensorDirectory(new FailingLocal());

    SensorLookupUnavailableException e =
        assertThrows(SensorLookupUnavailableException.class, () -> forwarding.sensor("b-1"));

    assertEquals(
        "instance 127.0.0.1:" + hostB.port() + " answered HTTP 500 for sensor b-1, expected 200",
        e.getMessage());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Ownership from fixed maps, mutable by the test to simulate disagreement and gaps. */
  private static final class FixedOwnership implements SensorOwnership {
    final Map<String, HostInfo> owners = new HashMap<>();
    final Set<HostInfo> instances = new LinkedHashSet<>();

    @Override
    public Optional<HostInfo> ownerOf(String sensorId) {
      return Optional.ofNullable(owners.get(sensorId));
    }

    @Override
    public Set<HostInfo> instances() {
      return instances;
    }
  }

  /** A local store that counts single-sensor lookups, to see where requests land. */
  private static final class CountingDirectory implements SensorDirectory {
    final AtomicInteger lookups = new AtomicInteger();
    private final MapSensorDirectory views;

    CountingDirectory(SensorView... views) {
      this.views = new MapSensorDirectory(views);
    }

    @Override
    public List<String> sensorIds() {
      return views.sensorIds();
    }

    @Override
    public Optional<SensorView> sensor(String sensorId) {
      lookups.incrementAndGet();
      return views.sensor(sensorId);
    }
  }

  /** A local store that is broken. */
  private static final class FailingLocal implements SensorDirectory {
    @Override
    public List<String> sensorIds() {
      throw new IllegalStateException("broken store");
    }

    @Override
    public Optional<SensorView> sensor(String sensorId) {
      throw new IllegalStateException("broken store");
    }
  }
}
