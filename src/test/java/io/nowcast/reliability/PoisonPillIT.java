package io.nowcast.reliability;

import io.nowcast.local.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Test 5, the poison-pill matrix, on the embedded KRaft broker. */
class PoisonPillIT extends PoisonPillMatrix {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = EmbeddedKafka.start();
    prepare(kafka.bootstrapServers());
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }
}
