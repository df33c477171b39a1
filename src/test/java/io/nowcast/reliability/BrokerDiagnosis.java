package io.nowcast.reliability;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.opentest4j.AssertionFailedError;

/**
 * What the broker says when a reliability test stalls: per partition the high watermark, the last
 * stable offset (a lower one means a transaction is still open and holds {@code read_committed}
 * readers back) and the group's committed offset, plus every transaction not completed. A stall is
 * then either "the forecaster stopped committing" or "a transaction holds the readers back".
 */
final class BrokerDiagnosis {

  private static final long ANSWER_SECONDS = 10;

  private BrokerDiagnosis() {}

  /**
   * Runs {@code await}; if it fails, fails again with the broker's view of {@code topics} appended.
   */
  static void onFailure(
      Runnable await, Map<String, Object> adminConfig, String groupId, Collection<String> topics) {
    try {
      await.run();
    } catch (AssertionFailedError e) {
      throw new AssertionFailedError(
          e.getMessage() + "\n" + describe(adminConfig, groupId, topics), e);
    }
  }

  /**
   * The broker's view of {@code topics} and of group {@code groupId}, one line per partition; never
   * throws.
   */
  static String describe(
      Map<String, Object> adminConfig, String groupId, Collection<String> topics) {
    try (Admin admin = Admin.create(adminConfig)) {
      List<TopicPartition> partitions = partitions(admin, topics);
      Map<TopicPartition, Long> high = offsets(admin, partitions, IsolationLevel.READ_UNCOMMITTED);
      Map<TopicPartition, Long> stable = offsets(admin, partitions, IsolationLevel.READ_COMMITTED);
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(ANSWER_SECONDS, TimeUnit.SECONDS);
      StringBuilder text =
          new StringBuilder(
              "broker view (partition: high watermark / last stable offset / committed by "
                  + groupId
                  + "):\n");
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata offset = committed.get(partition);
        text.append("  ")
            .append(partition)
            .append(": ")
            .append(high.get(partition))
            .append(" / ")
            .append(stable.get(partition))
            .append(" / ")
            .append(offset == null ? "-" : offset.offset())
            .append('\n');
      }
      return text.append("open transactions: ").append(openTransactions(admin)).toString();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return "broker view unavailable: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "broker view interrupted";
    }
  }

  private static List<TopicPartition> partitions(Admin admin, Collection<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    return admin
        .describeTopics(topics)
        .allTopicNames()
        .get(ANSWER_SECONDS, TimeUnit.SECONDS)
        .values()
        .stream()
        .flatMap(
            topic ->
                topic.partitions().stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition())))
        .sorted((a, b) -> a.toString().compareTo(b.toString()))
        .toList();
  }

  private static Map<TopicPartition, Long> offsets(
      Admin admin, List<TopicPartition> partitions, IsolationLevel isolation)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> latest =
        partitions.stream()
            .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResultInfo> result =
        admin
            .listOffsets(latest, new ListOffsetsOptions(isolation))
            .all()
            .get(ANSWER_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, Long> offsets =
        new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    result.forEach((partition, info) -> offsets.put(partition, info.offset()));
    return offsets;
  }

  private static String openTransactions(Admin admin)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<String> open =
        admin.listTransactions().all().get(ANSWER_SECONDS, TimeUnit.SECONDS).stream()
            .filter(
                t ->
                    t.state() != TransactionState.COMPLETE_COMMIT
                        && t.state() != TransactionState.COMPLETE_ABORT
                        && t.state() != TransactionState.EMPTY)
            .map(TransactionListing::transactionalId)
            .toList();
    if (open.isEmpty()) {
      return "none";
    }
    return admin.describeTransactions(open).all().get(ANSWER_SECONDS, TimeUnit.SECONDS).toString();
  }
}
