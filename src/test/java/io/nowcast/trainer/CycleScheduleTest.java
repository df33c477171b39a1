package io.nowcast.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.train.NotEnoughDataException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The trainer's interval loop without a broker: scripted cycles report into a queue that the test
 * polls with a deadline (generous: it bounds a hang, it does not measure speed).
 */
class CycleScheduleTest {

  private static final long DEADLINE_SECONDS = 30;

  /** Completed cycles are reported as their {@link CycleReport}, failed ones as their exception. */
  private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();

  private final AtomicReference<Throwable> loopEnded = new AtomicReference<>();

  private final CycleSchedule.Listener recorder =
      new CycleSchedule.Listener() {
        @Override
        public void completed(CycleReport report) {
          outcomes.add(report);
        }

        @Override
        public void failed(RuntimeException cause) {
          outcomes.add(cause);
        }
      };

  @Test
  void failedCyclesDoNotEndTheLoop() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CycleSchedule schedule = new CycleSchedule(Duration.ofMillis(10));
    Thread loop =
        start(
            schedule,
            () ->
                switch (calls.incrementAndGet()) {
                  case 1 ->
                      throw new NotEnoughDataException(
                          "no usable readings at all of input topics [t]");
                  case 3 -> throw new IllegalStateException("publish failed");
                  default -> report(calls.get());
                });

    List<Object> seen = List.of(next(), next(), next(), next());
    schedule.stop();

    assertInstanceOf(NotEnoughDataException.class, seen.get(0));
    assertEquals(2, ((CycleReport) seen.get(1)).keys());
    assertInstanceOf(IllegalStateException.class, seen.get(2));
    assertEquals(4, ((CycleReport) seen.get(3)).keys());
    assertEnds(loop);
    assertNull(loopEnded.get().getCause(), "stop() ends run() normally");
  }

  @Test
  void beingFencedByANewerTrainerEndsTheLoop() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CycleSchedule schedule = new CycleSchedule(Duration.ofMillis(10));
    Thread loop =
        start(
            schedule,
            () -> {
              if (calls.incrementAndGet() == 2) {
                throw new TrainerFencedException("a newer trainer of model m publishes now", null);
              }
              return report(calls.get());
            });

    assertInstanceOf(CycleReport.class, next());
    assertEnds(loop);

    assertInstanceOf(TrainerFencedException.class, loopEnded.get().getCause());
    assertEquals(2, calls.get(), "no cycle after the fencing one");
  }

  @Test
  void stopEndsTheWaitBetweenCyclesAtOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CycleSchedule schedule = new CycleSchedule(Duration.ofHours(1));
    Thread loop = start(schedule, () -> report(calls.incrementAndGet()));
    assertInstanceOf(CycleReport.class, next());

    schedule.stop();

    assertEnds(loop); // long before the hour-long wait would have ended
    assertEquals(1, calls.get());
    assertTrue(schedule.isStopped());
  }

  @Test
  void stopDuringACycleEndsTheLoopWhenTheCycleReturns() throws Exception {
    CountDownLatch inCycle = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    CycleSchedule schedule = new CycleSchedule(Duration.ofMillis(1));
    Thread loop =
        start(
            schedule,
            () -> {
              calls.incrementAndGet();
              inCycle.countDown();
              release.await();
              return report(1);
            });
    assertTrue(inCycle.await(DEADLINE_SECONDS, TimeUnit.SECONDS));

    schedule.stop();
    release.countDown();

    assertEnds(loop);
    assertEquals(1, calls.get(), "no cycle starts after stop()");
    assertInstanceOf(CycleReport.class, outcomes.poll(), "the running cycle still reports");
  }

  @Test
  void eachCycleStartsAnIntervalAfterThePreviousOneBegan() throws Exception {
    Duration interval = Duration.ofMillis(150);
    List<Long> starts = new ArrayList<>();
    CycleSchedule schedule = new CycleSchedule(interval);
    Thread loop =
        start(
            schedule,
            () -> {
              synchronized (starts) {
                starts.add(System.nanoTime());
              }
              return report(starts.size());
            });
    next();
    next();
    next();
    schedule.stop();
    assertEnds(loop);

    synchronized (starts) {
      for (int i = 1; i < starts.size(); i++) {
        assertTrue(
            starts.get(i) - starts.get(i - 1) >= interval.toNanos(),
            "cycle "
                + (i + 1)
                + " started "
                + (starts.get(i) - starts.get(i - 1)) / 1e6
                + " ms after cycle "
                + i);
      }
    }
  }

  @Test
  void anInterruptEndsTheLoopWithInterruptedException() throws Exception {
    CycleSchedule schedule = new CycleSchedule(Duration.ofHours(1));
    Thread loop = start(schedule, () -> report(1));
    next();

    loop.interrupt();

    assertEnds(loop);
    assertInstanceOf(InterruptedException.class, loopEnded.get().getCause());
  }

  @Test
  void aNonPositiveIntervalIsRejectedNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new CycleSchedule(Duration.ZERO));

    assertTrue(
        e.getMessage().contains("interval") && e.getMessage().contains("PT0S"), e.getMessage());
  }

  /**
   * Runs the loop on its own thread; when it ends, {@link #loopEnded} holds a marker whose cause is
   * what {@code run} threw (null when it returned normally).
   */
  private Thread start(CycleSchedule schedule, CycleSchedule.Cycle cycle) {
    Thread loop =
        new Thread(
            () -> {
              Throwable thrown = null;
              try {
                schedule.run(cycle, recorder);
              } catch (InterruptedException | RuntimeException e) {
                thrown = e;
              }
              loopEnded.set(new Throwable("loop ended", thrown));
            },
            "cycle-schedule-test");
    loop.start();
    return loop;
  }

  private Object next() throws InterruptedException {
    Object outcome = outcomes.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
    assertNotNull(outcome, "no cycle outcome within " + DEADLINE_SECONDS + " s");
    return outcome;
  }

  private void assertEnds(Thread loop) throws InterruptedException {
    loop.join(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
    assertFalse(loop.isAlive(), "the loop did not end within " + DEADLINE_SECONDS + " s");
    assertNotNull(loopEnded.get());
  }

  private static CycleReport report(int keys) {
    ReadReport read =
        new ReadReport(
            List.of("t"), keys, keys, 100L * keys, 100L * keys, 0, 0, 0, 1_000, 0, 0.0, List.of());
    return new CycleReport(
        keys, 100L * keys, 1, 0.1, null, 0.2, null, null, "test", 0.0, 0.0, read, 0.0, 1, 0.0);
  }
}
