package io.nowcast.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.config.ForecasterConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComposeFileTest {

  private static final Path COMPOSE = DeployTree.REPOSITORY.resolve("compose");
  private static final List<String> FORECASTERS = List.of("forecaster-1", "forecaster-2");

  private final Map<String, Object> services =
      map(DeployTree.singleMap(COMPOSE.resolve("docker-compose.yml")), "services");

  @Test
  void everyPartOfTheStackIsAService() {
    assertTrue(
        services
            .keySet()
            .containsAll(
                Set.of(
                    "kafka",
                    "registry",
                    "forecaster-1",
                    "forecaster-2",
                    "trainer",
                    "prometheus",
                    "replay")),
        "services: " + services.keySet());
  }

  @Test
  void everyPublishedPortIsBoundToLoopback() {
    services.forEach(
        (name, service) -> {
          for (Object port : list(map(service), "ports")) {
            assertTrue(
                String.valueOf(port).startsWith("127.0.0.1:"),
                name + " publishes " + port + " beyond loopback");
          }
        });
  }

  @Test
  void everyLongRunningServiceHasAHealthcheck() {
    services.forEach(
        (name, service) -> {
          Map<String, Object> definition = map(service);
          if (!"no".equals(definition.get("restart"))) {
            Object test = map(definition, "healthcheck").get("test");
            assertNotNull(test, name + " has no healthcheck test");
          }
        });
  }

  @Test
  void forecastersAreDistinctMembersCheckedOnReadiness() {
    int httpPort = Integer.parseInt(forecasterProperties().getProperty(ForecasterConfig.HTTP_PORT));
    for (String name : FORECASTERS) {
      Map<String, Object> forecaster = map(services, name);
      Map<String, Object> env = map(forecaster, "environment");
      assertEquals(
          name + ":" + httpPort,
          env.get("NOWCAST_CONFIG_APPLICATION_SERVER"),
          name + " application.server");
      assertEquals(name, env.get("NOWCAST_CONFIG_GROUP_INSTANCE_ID"), name + " group.instance.id");
      assertTrue(
          map(forecaster, "healthcheck")
              .get("test")
              .toString()
              .contains(":" + httpPort + "/health/ready"),
          name + " healthcheck must ask /health/ready on port " + httpPort);
      assertTrue(
          list(forecaster, "volumes").stream()
              .anyMatch(v -> v.toString().endsWith(":/var/lib/nowcast")),
          name + " keeps its state on a volume");
    }
    assertNotEquals(
        map(services, FORECASTERS.get(0)).get("volumes"),
        map(services, FORECASTERS.get(1)).get("volumes"),
        "each forecaster needs its own state volume");
  }

  @Test
  void forecasterServesBeyondItsOwnLoopbackAndKeepsStandbys() {
    Properties properties = forecasterProperties();
    assertEquals(
        "0.0.0.0", properties.getProperty(ForecasterConfig.HTTP_HOST), ForecasterConfig.HTTP_HOST);
    assertEquals("1", properties.getProperty("num.standby.replicas"), "num.standby.replicas");
    assertTrue(
        properties.getProperty("state.dir").startsWith("/var/lib/nowcast/"),
        "state.dir on the volume");
  }

  @Test
  void prometheusScrapesEveryForecasterAtItsMetricsEndpoint() {
    int httpPort = Integer.parseInt(forecasterProperties().getProperty(ForecasterConfig.HTTP_PORT));
    Map<String, Object> config = DeployTree.singleMap(COMPOSE.resolve("prometheus/prometheus.yml"));
    Map<String, Object> job = map(list(config, "scrape_configs").get(0));
    assertEquals("/metrics", job.get("metrics_path"));
    List<Object> targets = list(map(list(job, "static_configs").get(0)), "targets");
    for (String name : FORECASTERS) {
      assertTrue(
          targets.contains(name + ":" + httpPort),
          "Prometheus does not scrape " + name + ": " + targets);
    }
  }

  private static Properties forecasterProperties() {
    return DeployTree.properties(DeployTree.read(COMPOSE.resolve("config/forecaster.properties")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    return node instanceof Map ? (Map<String, Object>) node : Map.of();
  }

  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    return map(parent.get(key));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> parent, String key) {
    Object node = parent.get(key);
    return node instanceof List ? (List<Object>) node : List.of();
  }
}
