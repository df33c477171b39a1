package io.nowcast.local;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/** Waits until a cluster answers {@code describeCluster} with at least one broker. */
final class ReadinessProbe {

  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
  private static final long PAUSE_MILLIS = 100;

  private ReadinessProbe() {}

  static void awaitCluster(Map<String, Object> adminConfig, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    try (Admin admin = Admin.create(adminConfig)) {
      while (System.nanoTime() < deadline) {
        try {
          if (!describe(admin).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        }
        pause();
      }
    }
    throw new IllegalStateException(
        "Kafka at "
            + adminConfig.get("bootstrap.servers")
            + " did not answer describeCluster within "
            + timeout.toSeconds()
            + " s",
        last);
  }

  private static Collection<Node> describe(Admin admin)
      throws ExecutionException, TimeoutException {
    DescribeClusterOptions options =
        new DescribeClusterOptions().timeoutMs((int) ATTEMPT_TIMEOUT.toMillis());
    try {
      return admin
          .describeCluster(options)
          .nodes()
          .get(ATTEMPT_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka", e);
    }
  }

  /** Between two probes of a starting broker; the deadline bounds the total wait. */
  private static void pause() {
    try {
      Thread.sleep(PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka", e);
    }
  }
}
