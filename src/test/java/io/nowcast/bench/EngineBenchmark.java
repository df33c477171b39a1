package io.nowcast.bench;

import io.nowcast.avro.SensorReading;
import io.nowcast.engine.EngineSettings;
import io.nowcast.engine.ForecastEngine;
import io.nowcast.engine.KeyState;
import io.nowcast.engine.KeyStateCodec;
import io.nowcast.engine.Outcome;
import io.nowcast.engine.ServingModel;
import io.nowcast.model.ModelContent;
import io.nowcast.model.SnapshotValidator;
import io.nowcast.model.Snapshots;
import io.nowcast.nn.CellType;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Microseconds per event through {@link ForecastEngine} (LSTM H × 2 layers, horizon 12, features
 * {@code value,dt,gap}, ring W = 64): {@code live} keeps the state object, {@code stored} also
 * decodes and encodes the state blob around every event, as the forecaster does with its store, and
 * {@code storedReusing} decodes into the same state object every time ({@code decodeInto}). {@code
 * format} is the state format written (3, or 2 as during a rolling upgrade).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class EngineBenchmark {
  private static final long MINUTE = 60_000L;

  /** Hidden units per layer (two layers). */
  @Param({"64"})
  public int hidden;

  /** The state format the blob is written in. */
  @Param({"3"})
  public int format;

  private ForecastEngine engine;
  private ServingModel model;
  private KeyState live;
  private KeyStateCodec codec;
  private KeyState reused;
  private byte[] stored;
  private long timestamp = Instant.parse("2026-11-02T08:00:00Z").toEpochMilli();
  private int event;

  @Setup
  public void setUp() {
    NetworkSpec spec =
        NetworkSpec.of(CellType.LSTM, 3, new int[] {hidden, hidden}, 12, OutputKind.POINT);
    ModelContent content =
        new ModelContent(
            "bench",
            1,
            Instant.EPOCH,
            spec,
            "value,dt,gap",
            Network.initialise(spec, 1).parameters(),
            null,
            null);
    model =
        ServingModel.from(
            SnapshotValidator.forServing().validate(Snapshots.toSnapshot(content)), 0.8);
    engine = new ForecastEngine(new EngineSettings(64, 100, false, 0.8));
    for (int i = 0; i < 200; i++) {
      live = engine.onReading(live, next(), model, 0).state();
    }
    codec = KeyStateCodec.writing(format);
    stored = codec.encode(live);
    reused = KeyStateCodec.decode(stored);
  }

  private SensorReading next() {
    timestamp += MINUTE;
    event++;
    return new SensorReading(
        "bench-key", Instant.ofEpochMilli(timestamp), 10 + StrictMath.sin(event / 20.0), Map.of());
  }

  @Benchmark
  public Outcome live() {
    Outcome outcome = engine.onReading(live, next(), model, timestamp);
    live = outcome.state();
    return outcome;
  }

  @Benchmark
  public Outcome stored() {
    Outcome outcome = engine.onReading(KeyStateCodec.decode(stored), next(), model, timestamp);
    stored = codec.encode(outcome.state());
    return outcome;
  }

  @Benchmark
  public Outcome storedReusing() {
    Outcome outcome =
        engine.onReading(KeyStateCodec.decodeInto(stored, reused), next(), model, timestamp);
    stored = codec.encode(outcome.state());
    return outcome;
  }
}
