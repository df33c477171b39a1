package io.nowcast.trainer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds input topics that cannot hold the history the trainer is asked to read: a topic deleting
 * records older than its {@code retention.ms}, when that is shorter than {@code
 * nowcast.trainer.history}, silently trains on less. The trainer warns (log and cycle report) and
 * carries on; a topic whose configuration cannot be read (no permission, a timeout) is not
 * reported.
 */
final class RetentionCheck {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionCheck.class);

  private RetentionCheck() {}

  /**
   * The topics among {@code topics} whose retention is shorter than {@code history}, each as
   * "topic: retention"; each is logged as a warning.
   */
  static List<String> shortRetention(
      Admin admin, List<String> topics, Duration history, Instant deadline) {
    if (topics.isEmpty()) {
      return List.of();
    }
    List<ConfigResource> resources = new ArrayList<>();
    topics.forEach(topic -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, topic)));
    Map<ConfigResource, Config> configs;
    try {
      long wait = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
      configs = admin.describeConfigs(resources).all().get(wait, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("could not read the retention of input topics {}: {}", topics, e.toString());
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
    List<String> tooShort = new ArrayList<>();
    configs.forEach(
        (resource, config) -> {
          Duration retention = deletingRetention(config);
          if (retention != null && retention.compareTo(history) < 0) {
            String described = resource.name() + ": " + describe(retention);
            LOG.warn(
                "input topic '{}' keeps records for {} only ({}), less than nowcast.trainer.history"
                    + " = {}: training sees at most that much history",
                resource.name(),
                describe(retention),
                TopicConfig.RETENTION_MS_CONFIG,
                describe(history));
            tooShort.add(described);
          }
        });
    tooShort.sort(String::compareTo);
    return tooShort;
  }

  /** "7d", "36h", "90m", "1500ms": the largest whole unit. */
  static String describe(Duration duration) {
    long millis = duration.toMillis();
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (millis >= units[i] && millis % units[i] == 0) {
        return millis / units[i] + names[i];
      }
    }
    return millis + "ms";
  }

  /** The retention of a topic that deletes old records, or null (compacted only, or unlimited). */
  private static Duration deletingRetention(Config config) {
    ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    ConfigEntry retention = config.get(TopicConfig.RETENTION_MS_CONFIG);
    if (retention == null || retention.value() == null) {
      return null;
    }
    boolean deletes =
        policy == null
            || policy.value() == null
            || policy.value().contains(TopicConfig.CLEANUP_POLICY_DELETE);
    long millis = Long.parseLong(retention.value().trim());
    return deletes && millis >= 0 ? Duration.ofMillis(millis) : null;
  }
}
