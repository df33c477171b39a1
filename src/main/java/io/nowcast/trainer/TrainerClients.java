package io.nowcast.trainer;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The client properties the trainer adds to the pass-through Kafka keys of its configuration. */
final class TrainerClients {

  /** Default {@code transaction.timeout.ms} of the trainer's producer. */
  static final int TRANSACTION_TIMEOUT_MS = 30_000;

  private TrainerClients() {}

  /**
   * A plain consumer for assignment-only reads: no group, no commits, committed data only (a
   * transactional producer's aborted records are not history). Looking up a missing topic must not
   * create it: the models topic would then be created without compaction.
   */
  static Map<String, Object> consumerProperties(Map<String, Object> kafka) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    return props;
  }

  /**
   * Transactional (hence idempotent, {@code acks=all}) under {@code transactionalId} unless the
   * configuration sets {@code transactional.id} itself: a retried send never duplicates, an
   * acknowledged one is replicated, and a newer trainer with the same id fences this one.
   */
  static Map<String, Object> producerProperties(Map<String, Object> kafka, String transactionalId) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    // A killed trainer's open transaction holds read_committed readers of the models topic back until
    // the next trainer registers or this passes; a publish takes seconds, so half a minute is ample.
    props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
    return props;
  }

  /**
   * The default {@code transactional.id}: one per models topic and model name, so that exactly one
   * trainer at a time (the most recently registered) can publish a given model.
   */
  static String transactionalId(String modelsTopic, String modelName) {
    return "nowcast-trainer-" + modelsTopic + "-" + modelName;
  }
}
