package io.nowcast.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The serialised state format: little-endian h then c, and clear errors on short input. */
class NetworkStateTest {
  private final NetworkSpec spec =
      NetworkSpec.of(CellType.LSTM, 2, new int[] {2, 1}, 1, OutputKind.POINT);

  @Test
  void writesHThenCLittleEndian() {
    NetworkState state = new NetworkState(spec);
    state.h()[0] = 1f;
    state.c()[2] = -2f;
    ByteBuffer buffer = ByteBuffer.allocate(state.serializedSize()).order(ByteOrder.BIG_ENDIAN);
    state.writeTo(buffer);
    assertEquals(24, buffer.position());
    assertEquals(ByteOrder.BIG_ENDIAN, buffer.order(), "the caller's byte order is restored");
    ByteBuffer little = ByteBuffer.wrap(buffer.array()).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1f, little.getFloat(0));
    assertEquals(-2f, little.getFloat(20));
  }

  @Test
  void readingTooFewBytesNamesBothSizes() {
    NetworkState state = new NetworkState(spec);
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> state.readFrom(ByteBuffer.allocate(10)));
    assertTrue(
        error.getMessage().contains("expected 24") && error.getMessage().contains("only 10"),
        error.getMessage());
  }

  @Test
  void batchStateRowsRoundTripThroughNetworkState() {
    BatchState batch = new BatchState(spec, 3);
    NetworkState state = new NetworkState(spec);
    state.h()[2] = 5f;
    state.c()[1] = 7f;
    batch.copyRowFrom(state, 1);
    assertEquals(5f, batch.h(1)[1]);
    assertEquals(7f, batch.c(0)[3]);
    NetworkState back = new NetworkState(spec);
    batch.copyRowTo(1, back);
    assertEquals(5f, back.h()[2]);
    batch.reset(1);
    assertEquals(0f, batch.h(1)[1]);
    assertEquals(0f, batch.c(0)[3]);
  }
}
