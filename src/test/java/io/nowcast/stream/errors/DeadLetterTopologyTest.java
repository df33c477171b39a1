package io.nowcast.stream.errors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nowcast.metrics.NowcastMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.DoubleDeserializer;
import org.apache.kafka.common.serialization.DoubleSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tiny topology (bytes in, a double decoder, a validating processor) run by TopologyTestDriver
 * with the dead-letter handlers configured as the forecaster configures them.
 */
class DeadLetterTopologyTest {

  private static final String INPUT = "readings";
  private static final String OUTPUT = "values";
  private static final String DLQ = "nowcast.dlq";
  private static final int CAP = 1024;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> input;
  private TestOutputTopic<String, Double> output;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  @BeforeEach
  void startDriver() {
    driver = new TopologyTestDriver(topology(), config());
    input = driver.createInputTopic(INPUT, new StringSerializer(), new ByteArraySerializer());
    output = driver.createOutputTopic(OUTPUT, new StringDeserializer(), new DoubleDeserializer());
    deadLetters =
        driver.createOutputTopic(DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private static Topology topology() {
    Topology topology = new Topology();
    topology.addSource("source", new StringDeserializer(), new DoubleDeserializer(), INPUT);
    topology.addProcessor("validate", ValidatingProcessor::new, "source");
    topology.addSink("sink", OUTPUT, new StringSerializer(), new DoubleSerializer(), "validate");
    return topology;
  }

  private Properties config() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dead-letter-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationHandler.class);
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
    // As the forecaster sets it; the constant is deprecated in 4.4 only because 5.0 makes it the
    // default.
    props.put("processing.exception.handler.global.enabled", true);
    props.put(DeadLetterConfig.TOPIC_CONFIG, DLQ);
    props.put(DeadLetterConfig.MAX_VALUE_BYTES_CONFIG, CAP);
    props.put(DeadLetterConfig.METRICS_CONFIG, new NowcastMetrics(registry));
    return props;
  }

  /** Passes finite, plausible values on; refuses the rest the way the forecaster will. */
  private static final class ValidatingProcessor
      implements Processor<String, Double, String, Double> {
    private ProcessorContext<String, Double> context;

    @Override
    public void init(ProcessorContext<String, Double> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, Double> record) {
      DeadLetters.requireSensorId(record.key(), "key");
      DeadLetters.requireFinite(record.value(), "value", record.key());
      DeadLetters.requirePlausible(record.value(), 1e6, "value", record.key());
      if (record.value() < 0) {
        throw new IllegalStateException("negative readings are a bug upstream: " + record.value());
      }
      context.forward(record);
    }
  }

  private static byte[] encode(double value) {
    return new DoubleSerializer().serialize(INPUT, value);
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private double deadLetterCount() {
    return registry.get("nowcast.dead.letters").counter().count();
  }

  @Test
  void goodRecordsPassAndNothingIsDeadLettered() {
    input.pipeInput("s1", encode(1.5));
    input.pipeInput("s2", encode(2.5));

    assertEquals(List.of(1.5, 2.5), output.readValuesToList());
    assertTrue(deadLetters.isEmpty());
    assertEquals(0.0, deadLetterCount());
  }

  @Test
  void poisonValueIsDeadLetteredWithItsReasonAndTheStreamGoesOn() {
    Headers original = new RecordHeaders().add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
    input.pipeInput(new TestRecord<>("s1", encode(Double.NaN), original));
    input.pipeInput("s1", encode(3.0));

    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    Headers headers = dead.headers();
    assertEquals(List.of(3.0), output.readValuesToList());
    assertArrayEquals("s1".getBytes(StandardCharsets.UTF_8), dead.key());
    assertArrayEquals(encode(Double.NaN), dead.value());
    assertEquals(DeadLetters.NON_FINITE_VALUE, header(headers, DeadLetterRecords.REASON_HEADER));
    assertEquals(
        PoisonRecordException.class.getName(), header(headers, DeadLetterRecords.EXCEPTION_HEADER));
    assertEquals(
        "field 'value' of sensor s1 must be finite, got NaN",
        header(headers, DeadLetterRecords.MESSAGE_HEADER));
    assertTrue(
        header(headers, DeadLetterRecords.STACK_TRACE_HEADER)
            .contains("ValidatingProcessor.process"));
    assertEquals(INPUT, header(headers, DeadLetterRecords.TOPIC_HEADER));
    assertEquals("0", header(headers, DeadLetterRecords.PARTITION_HEADER));
    assertEquals("0", header(headers, DeadLetterRecords.OFFSET_HEADER));
    assertEquals("abc", header(headers, "trace-id"));
    assertNull(headers.lastHeader(DeadLetterRecords.TRUNCATED_HEADER));
    assertEquals(1.0, deadLetterCount());
  }

  @Test
  void eachDomainCheckWritesItsOwnReason() {
    input.pipeInput("", encode(1.0));
    input.pipeInput("s1", encode(1e9));
    input.pipeInput("s1", encode(-1.0));

    List<String> reasons =
        deadLetters.readRecordsToList().stream()
            .map(record -> header(record.headers(), DeadLetterRecords.REASON_HEADER))
            .toList();

    assertEquals(
        List.of(
            DeadLetters.MISSING_SENSOR_ID,
            DeadLetters.ABSURD_MAGNITUDE,
            DeadLetters.PROCESSING_FAILED),
        reasons);
    assertEquals(3.0, deadLetterCount());
    assertTrue(output.isEmpty());
  }

  @Test
  void undecodableRecordIsDeadLetteredWithItsBytesCappedAndFlagged() {
    byte[] huge = new byte[CAP * 3];
    Arrays.fill(huge, (byte) 'x');
    input.pipeInput("s1", new byte[] {1, 2, 3});
    input.pipeInput("s1", huge);
    input.pipeInput("s1", encode(4.0));

    List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();

    assertEquals(List.of(4.0), output.readValuesToList());
    assertEquals(2, dead.size());
    assertArrayEquals(new byte[] {1, 2, 3}, dead.get(0).value());
    assertEquals(
        DeadLetters.DESERIALIZATION_FAILED,
        header(dead.get(0).headers(), DeadLetterRecords.REASON_HEADER));
    assertNull(dead.get(0).headers().lastHeader(DeadLetterRecords.TRUNCATED_HEADER));
    assertArrayEquals(Arrays.copyOf(huge, CAP), dead.get(1).value());
    assertEquals("true", header(dead.get(1).headers(), DeadLetterRecords.TRUNCATED_HEADER));
    assertEquals(
        Integer.toString(CAP * 3),
        header(dead.get(1).headers(), DeadLetterRecords.ORIGINAL_SIZE_HEADER));
    assertEquals("1", header(dead.get(1).headers(), DeadLetterRecords.OFFSET_HEADER));
    assertEquals(2.0, deadLetterCount());
  }
}
