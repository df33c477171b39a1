package io.nowcast.trainer;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The client properties the trainer adds to the pass-through Kafka keys of its configuration. */
final class TrainerClients {

  private TrainerClients() {}

  /**
   * A plain consumer for assignment-only reads: no group, no commits, committed data only (a
   * transactional producer's aborted records are not history).
   */
  static Map<String, Object> consumerProperties(Map<String, Object> kafka) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    return props;
  }

  /** Idempotent with {@code acks=all}: a retried send never duplicates, an acknowledged one is replicated. */
  static Map<String, Object> producerProperties(Map<String, Object> kafka) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return props;
  }
}
