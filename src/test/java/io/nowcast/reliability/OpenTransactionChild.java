package io.nowcast.reliability;

import io.nowcast.avro.ModelSnapshot;
import io.nowcast.model.ModelKey;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A trainer frozen between send and commit, for {@link TrainerFaultIT}: registers the trainer's
 * {@code transactional.id}, sends a complete snapshot inside a transaction, prints {@value #SENT}
 * once the broker has it, then waits to be killed. A SIGKILL now is a trainer killed mid-publish,
 * hit exactly rather than by timing.
 *
 * <p>Arguments: bootstrap servers, registry URL, models topic, transactional id, snapshot version,
 * seed of the snapshot's weights.
 */
final class OpenTransactionChild {

  /** Printed once the record is on the broker, inside the still-open transaction. */
  static final String SENT = "SENT-NOT-COMMITTED";

  private OpenTransactionChild() {}

  public static void main(String[] args) {
    String topic = args[2];
    ModelSnapshot snapshot =
        ReliabilityFixtures.snapshot(Long.parseLong(args[4]), Long.parseLong(args[5]));
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            args[0],
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            args[3]);
    KafkaProducer<String, ModelSnapshot> producer =
        new KafkaProducer<>(
            config,
            new StringSerializer(),
            NowcastSerdes.specific(
                    ModelSnapshot.class, Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, args[1]), false)
                .serializer());
    producer.initTransactions();
    producer.beginTransaction();
    producer.send(new ProducerRecord<>(topic, ModelKey.of(snapshot).toString(), snapshot));
    producer.flush();
    System.out.println(SENT);
    System.out.flush();
    while (true) {
      LockSupport.park(); // until SIGKILL
    }
  }
}
