package io.nowcast.bench;

import io.nowcast.avro.SensorReading;
import io.nowcast.serde.AvroSerde;
import io.nowcast.serde.InMemorySchemaRegistry;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SerdeConfig;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * SensorReading through the Confluent wire format on one core, after warm-up, against the {@code
 * mock://} registry (so the figures are the serde's own cost: after the first record the REST
 * client would make no call either). Target: at least 1M serialise + deserialise per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SerdeBenchmark {

  private static final String TOPIC = "sensors";
  private static final String SCOPE = "serde-benchmark";

  private AvroSerde<SensorReading> serde;
  private SensorReading reading;
  private byte[] payload;

  @Setup
  public void setUp() {
    serde =
        NowcastSerdes.specific(
            SensorReading.class, Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE), false);
    reading =
        SensorReading.newBuilder()
            .setSensorId("pump-0042")
            .setTimestamp(Instant.parse("2026-03-01T12:00:00Z"))
            .setValue(21.5)
            .setCovariates(Map.of())
            .build();
    payload = serde.serializer().serialize(TOPIC, reading);
  }

  @TearDown
  public void tearDown() {
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  /** Record → framed bytes. */
  @Benchmark
  public byte[] serialise() {
    return serde.serializer().serialize(TOPIC, reading);
  }

  /** Framed bytes → record. */
  @Benchmark
  public SensorReading deserialise() {
    return serde.deserializer().deserialize(TOPIC, payload);
  }

  /** Both, as one forecaster event costs on input plus a same-sized output. */
  @Benchmark
  public SensorReading roundTrip() {
    return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, reading));
  }
}
