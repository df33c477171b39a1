package io.nowcast.engine;

import static io.nowcast.engine.EngineFixtures.MINUTE;
import static io.nowcast.engine.EngineFixtures.START;
import static io.nowcast.engine.EngineFixtures.reading;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.SensorReading;
import io.nowcast.nn.CellType;
import io.nowcast.nn.OutputKind;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Heap bytes allocated per event, measured with the thread allocation counter: the engine should
 * allocate little beyond its output records (and, in the store path, the state blob). A bound, not
 * a speed: the figure is printed for docs.
 */
class EngineAllocationTest {
  private static final int WARM_UP = 20_000;
  private static final int MEASURED = 20_000;
  private static final int HORIZON = 12;

  @Test
  void anEventAllocatesLittleBeyondItsOutputs() {
    ServingModel model =
        EngineFixtures.model(
            "value,dt,gap", CellType.LSTM, new int[] {64, 64}, HORIZON, OutputKind.POINT, 1, null);
    List<SensorReading> readings = new ArrayList<>(WARM_UP + MEASURED);
    for (int i = 0; i < WARM_UP + MEASURED; i++) {
      readings.add(reading(START + i * MINUTE, 10 + StrictMath.sin(i / 20.0)));
    }
    double live = bytesPerEvent(model, readings, Storage.LIVE);
    double stored = bytesPerEvent(model, readings, Storage.DECODE);
    double reused = bytesPerEvent(model, readings, Storage.DECODE_INTO);
    System.out.printf(
        "engine allocation, LSTM 64x2, H=%d, W=64: %.0f bytes/event with a live state, "
            + "%.0f bytes/event with decode/encode around every event, "
            + "%.0f bytes/event with decodeInto/encode%n",
        HORIZON, live, stored, reused);
    assertTrue(live < 4096, "engine bytes per event with a live state: " + live);
    assertTrue(stored < 8192, "engine bytes per event through the blob: " + stored);
    assertTrue(
        reused < stored,
        "decodeInto reuses the state's arrays: " + reused + " against " + stored + " bytes");
  }

  /** What happens to the state between events. */
  private enum Storage {
    /** Kept as it is, as the backtest does. */
    LIVE,
    /** Encoded and decoded into a new state, as the forecaster's store does. */
    DECODE,
    /** Encoded and decoded into the same state object, reusing its arrays. */
    DECODE_INTO
  }

  private static double bytesPerEvent(
      ServingModel model, List<SensorReading> readings, Storage storage) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    ForecastEngine engine = new ForecastEngine(new EngineSettings(64, 100, false, 0.8));
    KeyState state = null;
    long before = 0;
    long sink = 0;
    for (int i = 0; i < readings.size(); i++) {
      if (i == WARM_UP) {
        before = threads.getThreadAllocatedBytes(thread);
      }
      KeyState input = state == null ? null : stored(state, storage);
      Outcome outcome = engine.onReading(input, readings.get(i), model, 0);
      state = outcome.state();
      sink += outcome.forecast().getHorizon().size();
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertTrue(sink > 0);
    return (double) allocated / MEASURED;
  }

  private static KeyState stored(KeyState state, Storage storage) {
    return switch (storage) {
      case LIVE -> state;
      case DECODE -> KeyStateCodec.decode(KeyStateCodec.latest().encode(state));
      case DECODE_INTO -> KeyStateCodec.decodeInto(KeyStateCodec.latest().encode(state), state);
    };
  }
}
