package io.nowcast.reliability;

import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Test 5, the poison-pill matrix, against the {@code apache/kafka} image; skipped (not failed)
 * where no Docker engine exists, as on the build machines of this project.
 */
@Testcontainers(disabledWithoutDocker = true)
class PoisonPillContainerIT extends PoisonPillMatrix {

  /** A KRaft image our 4.4 clients speak to (the one {@code KafkaContainerIT} uses). */
  @Container static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.0.0");

  @BeforeAll
  static void pointAtContainer() throws Exception {
    prepare(KAFKA.getBootstrapServers());
  }
}
