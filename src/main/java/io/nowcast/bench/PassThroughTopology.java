package io.nowcast.bench;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.SensorReading;
import io.nowcast.stream.Topics;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The reference the forecaster is measured against: the same input deserializer, the same two
 * changelogged RocksDB stores (a get and a put of a state blob of the real size, a put of the
 * serialized latest forecast) and an output Forecast of the real size through the same serde, but
 * no input checks, features, network step or state encoding. So forecaster / pass-through is the
 * share of throughput Nowcast's own per-event work leaves.
 */
public final class PassThroughTopology {

  /**
   * The state store, like the forecaster's sensor-state store: key → a blob of {@code stateBytes}.
   */
  public static final String STATE_STORE = "bench-state";

  /** The latest-output store, like the forecaster's latest-forecast store. */
  public static final String LATEST_STORE = "bench-latest";

  private final Topics topics;
  private final int stateBytes;
  private final Forecast template;

  /**
   * @param topics input topics, the reading deserializer, the output topic and Forecast serde
   * @param stateBytes size of the blob stored per key
   * @param template the Forecast copied to every output (with the event's sensor, time and value)
   */
  public PassThroughTopology(Topics topics, int stateBytes, Forecast template) {
    this.topics = topics;
    this.stateBytes = stateBytes;
    this.template = template;
  }

  /** The topology: readings ─► copy-state (stores) ─► output topic. */
  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(LATEST_STORE), Serdes.String(), Serdes.ByteArray()));
    Serde<SensorReading> readings =
        Serdes.serdeFrom(topics.rekeyed().serializer(), topics.readings());
    builder.stream(
            topics.inputTopics(), Consumed.with(Serdes.String(), readings).withName("readings"))
        .process(
            () -> new CopyState(stateBytes, template, topics),
            Named.as("copy-state"),
            STATE_STORE,
            LATEST_STORE)
        .to(
            topics.forecastsTopic(),
            Produced.with(Serdes.String(), topics.forecasts()).withName("outputs"));
    return builder.build();
  }

  /**
   * Per event: state get + put of a same-size blob, latest-output put, one Forecast-sized output.
   */
  private static final class CopyState
      implements Processor<String, SensorReading, String, Forecast> {
    private final int stateBytes;
    private final Forecast template;
    private final Topics topics;
    private ProcessorContext<String, Forecast> context;
    private KeyValueStore<String, byte[]> states;
    private KeyValueStore<String, byte[]> latest;

    CopyState(int stateBytes, Forecast template, Topics topics) {
      this.stateBytes = stateBytes;
      this.template = template;
      this.topics = topics;
    }

    @Override
    public void init(ProcessorContext<String, Forecast> context) {
      this.context = context;
      states = context.getStateStore(STATE_STORE);
      latest = context.getStateStore(LATEST_STORE);
    }

    @Override
    public void process(Record<String, SensorReading> record) {
      byte[] state = states.get(record.key());
      // A new array per event, as KeyStateCodec.encode allocates one: the copy stands in for
      // encoding.
      byte[] next = state == null ? new byte[stateBytes] : state.clone();
      next[0]++;
      states.put(record.key(), next);
      SensorReading reading = record.value();
      // The template's points are shared, not deep-copied: Avro's generic deep copy would cost the
      // pass-through more than the forecaster spends building its points.
      Forecast forecast =
          new Forecast(
              reading.getSensorId(),
              reading.getTimestamp(),
              reading.getValue(),
              template.getModelName(),
              template.getModelVersion(),
              template.getHorizon(),
              template.getIntervalLevel(),
              Instant.ofEpochMilli(context.currentSystemTimeMs()));
      latest.put(
          record.key(),
          topics.forecasts().serializer().serialize(topics.forecastsTopic(), forecast));
      context.forward(record.withValue(forecast));
    }
  }
}
