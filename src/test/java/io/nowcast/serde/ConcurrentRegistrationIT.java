package io.nowcast.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nowcast.testing.RealSchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The first registration of a subject by several clients at once, against the real registry: what
 * two stream threads (or two forecaster instances) do when a fresh application produces its first
 * forecast. Apicurio answers some of the racing requests with 409 "artifact already exists" or a
 * 500 (a database lock timeout); every client must still get the one id the subject ended up with.
 */
class ConcurrentRegistrationIT {

  private static final int CLIENTS = 8;

  @RepeatedTest(3)
  void racingFirstRegistrationsAllGetTheSameId() throws Exception {
    String subject = "race-" + UUID.randomUUID() + "-value";
    Schema schema =
        SchemaBuilder.record("Raced")
            .namespace("io.nowcast.test")
            .fields()
            .requiredDouble("value")
            .endRecord();
    CyclicBarrier start = new CyclicBarrier(CLIENTS);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<Integer>> ids = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        // One client each, as separate processes would have: no shared cache hides the race.
        RestSchemaRegistry client =
            new RestSchemaRegistry(
                new SerdeConfig(
                    Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, RealSchemaRegistry.shared().url())));
        ids.add(
            pool.submit(
                () -> {
                  start.await();
                  return client.register(subject, schema);
                }));
      }
      Set<Integer> distinct = new TreeSet<>();
      for (Future<Integer> id : ids) {
        distinct.add(id.get());
      }
      assertEquals(
          1, distinct.size(), "ids answered to " + CLIENTS + " racing registrations: " + distinct);
    } finally {
      pool.shutdownNow();
    }
  }
}
