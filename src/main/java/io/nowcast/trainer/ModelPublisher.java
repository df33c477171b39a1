package io.nowcast.trainer;

import io.nowcast.avro.ModelSnapshot;
import io.nowcast.model.ModelKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a snapshot to the models topic, keyed {@code name@version}, in a transaction of its
 * own, creating the topic (compacted, one partition) when it is missing.
 *
 * <p>A snapshot cannot be torn: it is one Kafka record, and the broker appends a record batch whole
 * or not at all (the batch's CRC is checked by broker and consumers). The transaction adds what a
 * single record cannot: <b>fencing</b>. The producer's {@code transactional.id} is fixed per models
 * topic and model name ({@link TrainerClients#transactionalId}), and {@link #claim()} runs before a
 * cycle reads the champion, so a newer trainer of the same model fences an older one (a zombie
 * paused in a GC or cut off from the broker, a pod replaced but not yet gone): the older one can no
 * longer commit, and two trainers can never publish two different snapshots under the same version.
 * A trainer killed between send and commit leaves an open transaction that no {@code
 * read_committed} reader sees; the next trainer's {@link #claim()} aborts it at once (otherwise the
 * broker does after {@code transaction.timeout.ms}). After any other failed publish the producer is
 * closed and the next publish starts a new one, whose registration resolves whatever the old one
 * left open, so a long-running trainer never stays stuck in a half-finished transaction.
 */
final class ModelPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);

  private final Admin admin;
  private final Supplier<Producer<String, ModelSnapshot>> producers;
  private final String transactionalId;
  private final Duration timeout;

  /**
   * The current transactional producer, registered with the broker; null before {@link #claim()}.
   */
  private Producer<String, ModelSnapshot> producer;

  /**
   * @param producers makes a transactional producer with {@code transactionalId} (no connection
   *     yet)
   * @param timeout how long a send may wait for its acknowledgement
   */
  ModelPublisher(
      Admin admin,
      Supplier<Producer<String, ModelSnapshot>> producers,
      String transactionalId,
      Duration timeout) {
    this.admin = admin;
    this.producers = producers;
    this.transactionalId = transactionalId;
    this.timeout = timeout;
  }

  /**
   * Registers the transactional id with the broker once per process (later calls return at once):
   * fences every older trainer holding the same id and aborts a transaction a killed one left open.
   *
   * @throws IllegalStateException if the broker's transaction coordinator did not answer in time
   */
  void claim() {
    if (producer != null) {
      return;
    }
    Producer<String, ModelSnapshot> fresh = producers.get();
    try {
      fresh.initTransactions();
    } catch (KafkaException e) {
      fresh.close(Duration.ZERO);
      throw new IllegalStateException(
          "the transaction coordinator did not register transactional.id '"
              + transactionalId
              + "': "
              + e,
          e);
    }
    producer = fresh;
    LOG.info(
        "publishing as transactional.id '{}' (older trainers with this id are fenced)",
        transactionalId);
  }

  /**
   * Creates {@code topic} compacted with one partition unless it exists, accepting records up to
   * {@link TrainerClients#MAX_SNAPSHOT_BYTES} (the broker's default limit is 1 MiB).
   */
  void ensureTopic(String topic) throws InterruptedException {
    try {
      if (admin
          .listTopics()
          .names()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .contains(topic)) {
        return;
      }
      NewTopic models =
          new NewTopic(topic, Optional.of(1), Optional.empty())
              .configs(
                  Map.of(
                      TopicConfig.CLEANUP_POLICY_CONFIG,
                      TopicConfig.CLEANUP_POLICY_COMPACT,
                      TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                      Integer.toString(TrainerClients.MAX_SNAPSHOT_BYTES)));
      admin.createTopics(List.of(models)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("created compacted models topic '{}'", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "could not create models topic '" + topic + "': " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "could not create models topic '" + topic + "' within " + timeout, e);
    }
  }

  /** What to change when the snapshot exceeded a size limit; empty for any other failure. */
  private static String tooLargeHint(String topic, Throwable cause) {
    if (!(cause instanceof RecordTooLargeException)) {
      return "";
    }
    return " (the snapshot is larger than the producer's max.request.size or topic '"
        + topic
        + "''s max.message.bytes allows: raise them; a models topic the trainer creates accepts "
        + TrainerClients.MAX_SNAPSHOT_BYTES
        + " bytes)";
  }

  /**
   * Sends {@code snapshot} keyed {@code name@version} in a transaction and commits it; readers see
   * the record only once the commit returned. On failure the transaction is aborted where possible.
   *
   * @throws TrainerFencedException if a newer trainer of the same model took over
   * @throws IllegalStateException if the send or the commit failed; the message says whether the
   *     outcome is unknown (a commit that timed out may still complete)
   */
  RecordMetadata publish(String topic, ModelSnapshot snapshot) throws InterruptedException {
    String key = ModelKey.of(snapshot).toString();
    claim();
    try {
      producer.beginTransaction();
      RecordMetadata metadata =
          producer
              .send(new ProducerRecord<>(topic, key, snapshot))
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      producer.commitTransaction();
      LOG.info(
          "published {} to {}-{} at offset {} (committed)",
          key,
          topic,
          metadata.partition(),
          metadata.offset());
      return metadata;
    } catch (ProducerFencedException | InvalidProducerEpochException e) {
      throw fenced(key, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ProducerFencedException
          || e.getCause() instanceof InvalidProducerEpochException) {
        throw fenced(key, e.getCause());
      }
      abandon(key);
      throw new IllegalStateException(
          "publishing "
              + key
              + " to '"
              + topic
              + "' failed, nothing published: "
              + e.getCause()
              + tooLargeHint(topic, e.getCause()),
          e);
    } catch (TimeoutException e) {
      abandon(key);
      throw new IllegalStateException(
          "publishing "
              + key
              + " to '"
              + topic
              + "' was not acknowledged within "
              + timeout
              + "; the transaction was aborted, nothing published",
          e);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      abandon(key);
      throw new IllegalStateException(
          "publishing "
              + key
              + " to '"
              + topic
              + "' timed out (max.block.ms) in the send "
              + "or the commit: the outcome is unknown until the next cycle reads the models topic",
          e);
    } catch (KafkaException e) {
      abandon(key);
      throw new IllegalStateException(
          "publishing " + key + " to '" + topic + "' failed, nothing published: " + e, e);
    }
  }

  private TrainerFencedException fenced(String key, Throwable cause) {
    closeProducer();
    return new TrainerFencedException(
        "not publishing "
            + key
            + ": a newer trainer with transactional.id '"
            + transactionalId
            + "' took over ("
            + cause.getMessage()
            + ")",
        cause);
  }

  /**
   * Aborts what can be aborted and drops the producer: the next {@link #claim()} registers a new
   * one, which aborts (or completes) whatever this one left open.
   */
  private void abandon(String key) {
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      LOG.warn(
          "could not abort the transaction of {} ({}); the next publish's registration resolves it",
          key,
          e.toString());
    }
    closeProducer();
  }

  private void closeProducer() {
    if (producer != null) {
      producer.close(Duration.ZERO);
      producer = null;
    }
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }
}
