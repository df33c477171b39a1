package io.nowcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchResultTest {

  @Test
  void jsonCarriesTheContractFieldsWithTheRatioAtTheTopLevel() throws Exception {
    BenchResult result =
        new BenchResult(20_000, 18_500, 120, 260, 9_250, 500_000, 1_000, 4, 1774, 720, 100);
    JsonNode json = new ObjectMapper().readTree(result.toJson());
    assertEquals(0.925, json.path("ratio").asDouble(), 1e-9);
    assertEquals(20_000, json.path("passthrough_eps").asDouble());
    assertEquals(18_500, json.path("forecaster_eps").asDouble());
    assertEquals(120, json.path("latency_p50_ms").asDouble());
    assertEquals(260, json.path("latency_p99_ms").asDouble());
    assertEquals(9_250, json.path("latency_rate_eps").asDouble());
    assertEquals(500_000, json.path("events").asInt());
    assertEquals(1_000, json.path("keys").asInt());
    assertEquals(4, json.path("partitions").asInt());
    assertTrue(result.toTable().contains("0.925"), result.toTable());
  }

  @Test
  void settingsRefuseAWarmupThatLeavesNothingToTime() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BenchSettings(1_000, 10, 4, 0, 1_000, 2, Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("warmup"), e.getMessage());
  }
}
