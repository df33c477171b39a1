package io.nowcast.stream.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nowcast.config.ForecasterConfig;
import io.nowcast.metrics.NowcastMetrics;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.stream.ForecasterApp;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.DoubleDeserializer;
import org.apache.kafka.common.serialization.DoubleSerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An output that cannot be serialised (the schema registry failing while the first forecast of a
 * fresh run registers its schema) must fail the task so that exactly-once processing retries the
 * input, not dead-letter the input as if it were bad and lose the forecast.
 */
class OutputSerializationFailureTest {

  private static final String INPUT = "readings";
  private static final String OUTPUT = "forecasts";
  private static final String DLQ = "nowcast.dlq";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /**
   * While true, the output serializer fails as ours does when the registry cannot register the
   * schema.
   */
  private final AtomicBoolean registryDown = new AtomicBoolean();

  private TopologyTestDriver driver;
  private TestInputTopic<String, Double> input;
  private TestOutputTopic<String, Double> output;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  @BeforeEach
  void startDriver() {
    driver = new TopologyTestDriver(topology(), config());
    input = driver.createInputTopic(INPUT, new StringSerializer(), new DoubleSerializer());
    output = driver.createOutputTopic(OUTPUT, new StringDeserializer(), new DoubleDeserializer());
    deadLetters =
        driver.createOutputTopic(DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private Topology topology() {
    Topology topology = new Topology();
    topology.addSource("source", new StringDeserializer(), new DoubleDeserializer(), INPUT);
    topology.addProcessor("forecast", PassOn::new, "source");
    topology.addSink("sink", OUTPUT, new StringSerializer(), registrySerializer(), "forecast");
    return topology;
  }

  private Serializer<Double> registrySerializer() {
    DoubleSerializer doubles = new DoubleSerializer();
    return (topic, value) -> {
      if (registryDown.get()) {
        throw new SerializationException(
            "Cannot serialise value for topic '"
                + topic
                + "' (schema id unknown): "
                + "could not register schema under subject '"
                + topic
                + "-value': registry answered HTTP 409");
      }
      return doubles.serialize(topic, value);
    };
  }

  /**
   * The forecaster's own error-handling settings: {@link ForecasterApp#streamsProperties} itself.
   */
  private Properties config() {
    ForecasterConfig config =
        new ForecasterConfig(
            Map.of(
                "bootstrap.servers",
                "127.0.0.1:9",
                SerdeConfig.SCHEMA_REGISTRY_URL,
                "mock://output-failure-test",
                ForecasterConfig.INPUT_TOPICS,
                INPUT,
                ForecasterConfig.DLQ_TOPIC,
                DLQ),
            SerdeConfig.CONFIG_DEF);
    return ForecasterApp.streamsProperties(config, new NowcastMetrics(registry));
  }

  private static final class PassOn implements Processor<String, Double, String, Double> {
    private ProcessorContext<String, Double> context;

    @Override
    public void init(ProcessorContext<String, Double> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, Double> record) {
      context.forward(record);
    }
  }

  @Test
  void anOutputThatCannotBeSerialisedFailsTheTaskAndDeadLettersNothing() {
    input.pipeInput("s1", 1.0);
    registryDown.set(true);

    StreamsException failure =
        assertThrows(StreamsException.class, () -> input.pipeInput("s1", 2.0));

    assertTrue(
        DeadLetterProcessingHandler.isOutputSerializationFailure(failure), failure.toString());
    assertEquals(List.of(1.0), output.readValuesToList());
    assertTrue(deadLetters.isEmpty(), "the input is not at fault: no dead letter");
    assertEquals(0.0, registry.get("nowcast.dead.letters").counter().count());
  }

  @Test
  void aDomainRefusalIsNeverMistakenForAnOutputFailure() {
    Exception refusal =
        new SerializationException(
            "wrapped", new PoisonRecordException(DeadLetters.NON_FINITE_VALUE, "NaN"));
    assertFalse(DeadLetterProcessingHandler.isOutputSerializationFailure(refusal));
    assertFalse(
        DeadLetterProcessingHandler.isOutputSerializationFailure(
            new IllegalStateException("a bug")));
  }
}
