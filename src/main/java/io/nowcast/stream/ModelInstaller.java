package io.nowcast.stream;

import io.nowcast.model.ModelLineage;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The global-store processor of the models topic. The store mirrors the topic byte for byte (raw
 * values, so Kafka Streams may also restore it by copying records without running this processor);
 * every record is then offered to the {@link ModelHolder}.
 *
 * <p>On {@link #init} the store may already hold models (a persistent store reopened, or restored
 * from the topic): the champion of the stored records ({@link ModelLineage}, the rule the trainer
 * uses too), the highest version of the served name that still validates, is installed, so a
 * restart serves the last good model even when the newest record is corrupt. Kafka Streams 4.4
 * reprocesses global-store records on restore ({@code reprocessOnRestore}), in which case the
 * records also pass through {@link #process}; both paths end with the same installed model.
 */
final class ModelInstaller implements Processor<String, byte[], Void, Void> {

  private final ModelHolder holder;
  private final String storeName;
  private final String topic;
  private KeyValueStore<String, byte[]> store;

  ModelInstaller(ModelHolder holder, String storeName, String topic) {
    this.holder = holder;
    this.storeName = storeName;
    this.topic = topic;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
    installBestStored();
  }

  @Override
  public void process(Record<String, byte[]> record) {
    // A record without a key cannot be stored; it is still offered, and refused for its key.
    if (record.key() != null) {
      if (record.value() == null) {
        store.delete(record.key());
      } else {
        store.put(record.key(), record.value());
      }
    }
    holder.offer(topic, record.key(), record.value());
  }

  /** Installs the champion of the stored records of the served name. */
  private void installBestStored() {
    ModelLineage lineage = holder.newLineage(topic);
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      all.forEachRemaining(entry -> lineage.add(entry.key, entry.value));
    }
    holder.installChampion(lineage);
  }
}
