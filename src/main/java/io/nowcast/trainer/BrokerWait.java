package io.nowcast.trainer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the broker answers, retrying with exponential backoff (1 s doubling to 30 s) and a
 * log line per attempt, up to a deadline.
 */
final class BrokerWait {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerWait.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

  private BrokerWait() {}

  /** Thrown when the broker did not answer before the deadline. */
  static final class BrokerUnreachableException extends RuntimeException {
    BrokerUnreachableException(String message) {
      super(message);
    }
  }

  static void untilReachable(Admin admin, Object bootstrap, Instant deadline)
      throws InterruptedException {
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      String failure = describeCluster(admin);
      if (failure == null) {
        return;
      }
      Instant now = Instant.now();
      if (!now.plus(backoff).isBefore(deadline)) {
        throw new BrokerUnreachableException(
            "broker at "
                + bootstrap
                + " unreachable after "
                + attempt
                + " attempts ("
                + failure
                + "); gave up at the deadline "
                + deadline);
      }
      LOG.warn(
          "broker at {} unreachable (attempt {}: {}); retrying in {} s",
          bootstrap,
          attempt,
          failure,
          backoff.toSeconds());
      Thread.sleep(backoff.toMillis());
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  /** Null when the cluster answered, else what went wrong. */
  private static String describeCluster(Admin admin) throws InterruptedException {
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) ATTEMPT_TIMEOUT.toMillis()))
          .nodes()
          .get(ATTEMPT_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause().toString();
    } catch (TimeoutException e) {
      return "no answer within " + ATTEMPT_TIMEOUT.toSeconds() + " s";
    }
  }
}
