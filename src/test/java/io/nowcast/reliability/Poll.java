package io.nowcast.reliability;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/** Polls a condition until it holds or a deadline passes; the failure names what was awaited. */
final class Poll {

  /** Pause between checks: short enough for quick tests, long enough not to spin a core. */
  private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private Poll() {}

  /**
   * Returns once {@code condition} holds; fails with {@code what} and its state after {@code
   * timeout}.
   */
  static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionFailedError("not within " + timeout + ": " + what.get());
      }
      LockSupport.parkNanos(PAUSE_NANOS);
    }
  }
}
