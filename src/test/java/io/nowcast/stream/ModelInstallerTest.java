package io.nowcast.stream;

import static io.nowcast.stream.StreamFixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.metrics.NowcastMetrics;
import io.nowcast.model.ModelKey;
import io.nowcast.serde.AvroSerde;
import io.nowcast.serde.InMemorySchemaRegistry;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The global-store processor when Kafka Streams restored the store without running it (a restart):
 * {@code init} must install the highest valid stored version of the served name.
 */
class ModelInstallerTest {

  private static final String TOPIC = "nowcast.models";
  private static final String STORE = ForecasterTopology.MODELS_STORE;

  private final String scope = "installer-" + UUID.randomUUID();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private AvroSerde<ModelSnapshot> serde;
  private ModelHolder holder;
  private MockProcessorContext<Void, Void> context;
  private KeyValueStore<String, byte[]> store;

  @BeforeEach
  void setUp() {
    serde =
        NowcastSerdes.specific(
            ModelSnapshot.class, Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope), false);
    holder =
        new ModelHolder(
            StreamFixtures.MODEL_NAME,
            StreamFixtures.LEVEL,
            serde.deserializer(),
            new NowcastMetrics(registry));
    context = new MockProcessorContext<>();
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }

  @AfterEach
  void tearDown() {
    store.close();
    serde.close();
    InMemorySchemaRegistry.dropScope(scope);
  }

  @Test
  void initInstallsTheHighestValidStoredVersionAndSkipsACorruptNewerOne() {
    stored(snapshot(1, "value", 1));
    stored(snapshot(2, "value", 2));
    byte[] v3 = encode(snapshot(3, "value", 3));
    store.put("fleet@3", Arrays.copyOf(v3, v3.length - 7));
    stored(ModelSnapshot.newBuilder(snapshot(9, "value", 9)).setName("other").build());

    new ModelInstaller(holder, STORE, TOPIC).init(context);

    assertEquals(2, holder.currentVersion());
    assertEquals(
        1.0, registry.get("nowcast.models.refused").counter().count(), "the corrupt fleet@3");
    assertEquals(
        1.0,
        registry.get("nowcast.models.installed").counter().count(),
        "only the best one is installed");
  }

  @Test
  void anEmptyStoreLeavesNoModel() {
    new ModelInstaller(holder, STORE, TOPIC).init(context);

    assertNull(holder.current());
  }

  @Test
  void processedRecordsMirrorTheTopicInTheStore() {
    ModelInstaller installer = new ModelInstaller(holder, STORE, TOPIC);
    installer.init(context);
    byte[] v1 = encode(snapshot(1, "value", 1));

    installer.process(new Record<>("fleet@1", v1, 0L));
    assertEquals(1, holder.currentVersion());
    installer.process(new Record<>("fleet@1", null, 1L));

    assertNull(store.get("fleet@1"), "a tombstone deletes the stored copy");
    assertEquals(1, holder.currentVersion(), "but never uninstalls the served model");
  }

  private void stored(ModelSnapshot snapshot) {
    store.put(ModelKey.of(snapshot).toString(), encode(snapshot));
  }

  private byte[] encode(ModelSnapshot snapshot) {
    return serde.serializer().serialize(TOPIC, snapshot);
  }
}
