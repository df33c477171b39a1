package io.nowcast.reliability;

import static io.nowcast.reliability.ReliabilityFixtures.fleet;
import static io.nowcast.reliability.ReliabilityFixtures.reference;
import static io.nowcast.reliability.ReliabilityFixtures.snapshot;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.reliability.ReliabilityFixtures.ForecastKey;
import io.nowcast.testing.RealSchemaRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Test 1 (SIGKILL at seeded points, restart on the same state) against the {@code apache/kafka}
 * image instead of the embedded broker, through the same {@link KillNineScenario}; skipped (not
 * failed) where no Docker engine exists, as on the build machines of this project.
 */
@Testcontainers(disabledWithoutDocker = true)
class CrashRecoveryContainerIT {

  /** A KRaft image our 4.4 clients speak to (the one {@code KafkaContainerIT} uses). */
  @Container static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.0.0");

  @Test
  void killNineAtSeededPointsLosesAndDuplicatesNothing() {
    ModelSnapshot model = snapshot(1, 17);
    List<SensorReading> input = fleet(12, 200);
    Map<ForecastKey, Forecast> expected = reference(model, input);
    List<Integer> killPoints = KillNineScenario.seededKillPoints(20261126L, 2, expected.size());

    List<Forecast> topic =
        new KillNineScenario(
                KAFKA.getBootstrapServers(), RealSchemaRegistry.shared().url(), "container-kill")
            .run(model, input, killPoints, expected.size());

    ExactlyOnce.assertExactlyOnce(expected, topic);
  }
}
