package io.nowcast.trainer;

import io.nowcast.avro.ModelSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a snapshot to the models topic, keyed {@code name@version}, creating the topic (compacted,
 * one partition) when it is missing.
 *
 * <p>A snapshot cannot be torn: it is one Kafka record, and the broker appends a record batch whole
 * or not at all (the batch's CRC is checked by broker and consumers). The producer is idempotent with
 * {@code acks=all} ({@link TrainerClients#producerProperties}), so a retry after a lost acknowledgement
 * does not append a second copy, and an acknowledged snapshot survives the loss of the leader. A
 * trainer killed before the acknowledgement has published nothing, or the whole record.
 */
final class ModelPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);

  private final Admin admin;
  private final Producer<String, ModelSnapshot> producer;
  private final Duration timeout;

  ModelPublisher(Admin admin, Producer<String, ModelSnapshot> producer, Duration timeout) {
    this.admin = admin;
    this.producer = producer;
    this.timeout = timeout;
  }

  /** Creates {@code topic} compacted with one partition unless it exists. */
  void ensureTopic(String topic) throws InterruptedException {
    try {
      if (admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
        return;
      }
      NewTopic models = new NewTopic(topic, Optional.of(1), Optional.empty())
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(models)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("created compacted models topic '{}'", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("could not create models topic '" + topic + "': " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("could not create models topic '" + topic + "' within " + timeout, e);
    }
  }

  /** Sends {@code snapshot} keyed {@code name@version} and waits for the broker's acknowledgement. */
  RecordMetadata publish(String topic, ModelSnapshot snapshot) throws InterruptedException {
    String key = snapshot.getName() + "@" + snapshot.getVersion();
    try {
      RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, key, snapshot))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("published {} to {}-{} at offset {}", key, topic, metadata.partition(), metadata.offset());
      return metadata;
    } catch (ExecutionException e) {
      throw new IllegalStateException("publishing " + key + " to '" + topic + "' failed: " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("publishing " + key + " to '" + topic + "' was not acknowledged within "
          + timeout, e);
    }
  }
}
