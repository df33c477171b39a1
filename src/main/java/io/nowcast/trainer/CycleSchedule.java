package io.nowcast.trainer;

import io.nowcast.train.NotEnoughDataException;
import io.nowcast.train.TrainingDivergedException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs training cycles on a fixed schedule until stopped: each cycle starts {@code interval} after
 * the previous one began (at once when a cycle took longer). A failed cycle is logged and reported;
 * the next one still runs on schedule, because the causes (too little data yet, a diverged
 * training, a broker outage) are usually gone by then.
 *
 * <p>{@link #stop()} may be called from any thread: a wait between cycles ends at once; a cycle
 * already running is not interrupted (interrupting the Kafka clients mid-call would leave them
 * unusable for {@code close}) and the loop ends when it returns. One schedule runs one loop, once.
 */
public final class CycleSchedule {

  private static final Logger LOG = LoggerFactory.getLogger(CycleSchedule.class);

  private final Duration interval;
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** One training cycle, e.g. {@link TrainerService#runCycle()}. */
  @FunctionalInterface
  public interface Cycle {
    CycleReport run() throws InterruptedException;
  }

  /** Told the outcome of every cycle, on the loop's thread. */
  public interface Listener {
    /** The cycle completed, whether it published or not. */
    void completed(CycleReport report);

    /** The cycle failed (already logged); nothing was published. */
    default void failed(RuntimeException cause) {}
  }

  /**
   * @param interval time between cycle starts, positive (e.g. {@code nowcast.trainer.interval})
   */
  public CycleSchedule(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: expected a positive duration, got " + interval);
    }
    this.interval = interval;
  }

  /**
   * Runs {@code cycle} every interval until {@link #stop()}; returns after the cycle running at
   * that moment (if any) has ended.
   *
   * @throws InterruptedException when this thread is interrupted while waiting or by the cycle
   * @throws TrainerFencedException when a newer trainer of the same model took over: this one stops
   */
  public void run(Cycle cycle, Listener listener) throws InterruptedException {
    while (!isStopped()) {
      long startedNanos = System.nanoTime();
      runOnce(cycle, listener);
      long waitNanos = interval.toNanos() - (System.nanoTime() - startedNanos);
      if (waitNanos > 0 && !isStopped()) {
        LOG.info("next cycle in {} s", TimeUnit.NANOSECONDS.toSeconds(waitNanos));
        stopped.await(waitNanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  /** Ends the loop: at once while it waits, otherwise after the running cycle. Idempotent. */
  public void stop() {
    stopped.countDown();
  }

  public boolean isStopped() {
    return stopped.getCount() == 0;
  }

  private static void runOnce(Cycle cycle, Listener listener) throws InterruptedException {
    CycleReport report;
    try {
      report = cycle.run();
    } catch (NotEnoughDataException
        | TrainingDivergedException
        | BrokerWait.BrokerUnreachableException e) {
      LOG.warn("cycle failed, nothing published: {}", e.getMessage());
      listener.failed(e);
      return;
    } catch (TrainerFencedException e) {
      // A newer trainer of the same model owns publishing now: running on would only fail again.
      throw e;
    } catch (RuntimeException e) {
      LOG.error("cycle failed, nothing published", e);
      listener.failed(e);
      return;
    }
    listener.completed(report);
  }
}
