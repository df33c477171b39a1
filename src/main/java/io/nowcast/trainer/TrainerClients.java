package io.nowcast.trainer;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The client properties the trainer adds to the pass-through Kafka keys of its configuration. */
final class TrainerClients {

  /** Default {@code transaction.timeout.ms} of the trainer's producer. */
  static final int TRANSACTION_TIMEOUT_MS = 30_000;

  /**
   * Largest snapshot record the trainer sends, serialised and before compression ({@code
   * max.request.size}), and the {@code max.message.bytes} it gives a models topic it creates: 32
   * MiB, about 8 million float parameters. Kafka's 1 MiB default is exceeded by a network of ~250
   * 000 parameters, e.g. a seed ensemble of three LSTM 64×2 (merged LSTM 192×2, 1.8 MB).
   */
  static final int MAX_SNAPSHOT_BYTES = 32 * 1024 * 1024;

  /** {@code buffer.memory} of the trainer's producer: a record must fit in it whole. */
  static final long PRODUCER_BUFFER_BYTES = 2L * MAX_SNAPSHOT_BYTES;

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
   * acknowledged one is replicated, and a newer trainer with the same id fences this one. Snapshots
   * up to {@link #MAX_SNAPSHOT_BYTES}, zstd-compressed, unless the configuration says otherwise.
   */
  static Map<String, Object> producerProperties(Map<String, Object> kafka, String transactionalId) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    // A killed trainer's open transaction holds read_committed readers of the models topic back
    // until
    // the next trainer registers or this passes; a publish takes seconds, so half a minute is
    // ample.
    props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
    props.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_SNAPSHOT_BYTES);
    props.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, PRODUCER_BUFFER_BYTES);
    // Float parameters compress little, but the off-diagonal zeros of a merged seed ensemble (two
    // thirds of its weights at M = 3) almost vanish, which keeps most snapshots under a models
    // topic's
    // size limit even when someone else created the topic with the broker's 1 MiB default.
    props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
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
