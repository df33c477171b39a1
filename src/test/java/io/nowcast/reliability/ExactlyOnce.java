package io.nowcast.reliability;

import static io.nowcast.reliability.ReliabilityFixtures.withoutProducedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nowcast.avro.Forecast;
import io.nowcast.reliability.ReliabilityFixtures.ForecastKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The end of an exactly-once test: wait until the forecaster has committed every input offset
 * (under exactly-once its outputs commit with them, so the output topic is then final), read the
 * output topic once ({@link CommittedForecasts#readOnce}) and compare it with the reference.
 */
final class ExactlyOnce {

  private ExactlyOnce() {}

  /**
   * Waits until group {@code applicationId} has committed offsets summing to {@code inputs} on
   * {@code topic}.
   */
  static void awaitInputCommitted(
      Map<String, Object> adminConfig,
      String applicationId,
      String topic,
      int inputs,
      Duration timeout) {
    try (Admin admin = Admin.create(adminConfig)) {
      Poll.until(
          timeout,
          () -> committed(admin, applicationId, topic) >= inputs,
          () ->
              committed(admin, applicationId, topic)
                  + " of "
                  + inputs
                  + " input offsets of "
                  + topic
                  + " committed by "
                  + applicationId);
    }
  }

  /**
   * Every expected (sensor, timestamp) exactly once in {@code topic}, nothing else, field by field
   * as the reference.
   */
  static void assertExactlyOnce(Map<ForecastKey, Forecast> expected, List<Forecast> topic) {
    Map<ForecastKey, Integer> counts = new TreeMap<>();
    Map<ForecastKey, Forecast> actual = new TreeMap<>();
    topic.forEach(
        f -> {
          counts.merge(ForecastKey.of(f), 1, Integer::sum);
          actual.put(ForecastKey.of(f), withoutProducedAt(f));
        });
    Map<ForecastKey, Integer> duplicated = new TreeMap<>(counts);
    duplicated.values().removeIf(n -> n == 1);
    assertEquals(
        Map.of(),
        duplicated,
        "forecasts the output topic holds more than once (of " + topic.size() + ")");
    assertEquals(
        new TreeMap<>(expected),
        actual,
        "each forecast once, identical to the uninterrupted reference");
  }

  private static long committed(Admin admin, String groupId, String topic) {
    try {
      return admin
          .listConsumerGroupOffsets(groupId)
          .partitionsToOffsetAndMetadata()
          .get(10, TimeUnit.SECONDS)
          .entrySet()
          .stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    } catch (ExecutionException | TimeoutException e) {
      return -1; // the coordinator is loading (after a restart): ask again
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
