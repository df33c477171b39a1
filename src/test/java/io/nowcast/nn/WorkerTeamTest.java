package io.nowcast.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerTeamTest {

  @Test
  void everyWorkerRunsOncePerRunWithTheCallerAsWorkerZero() {
    try (WorkerTeam team = new WorkerTeam(3, "worker-team-test")) {
      for (int round = 0; round < 2_000; round++) {
        int count = 1 + round % 3;
        AtomicIntegerArray runs = new AtomicIntegerArray(3);
        Thread[] threads = new Thread[3];
        team.run(
            count,
            worker -> {
              runs.incrementAndGet(worker);
              threads[worker] = Thread.currentThread();
            });
        for (int worker = 0; worker < 3; worker++) {
          assertEquals(
              worker < count ? 1 : 0, runs.get(worker), "round " + round + " worker " + worker);
        }
        assertSame(Thread.currentThread(), threads[0]);
      }
    }
  }

  @Test
  void theWritesOfAllWorkersAreVisibleWhenTheRunReturns() {
    int[] cells = new int[4];
    try (WorkerTeam team = new WorkerTeam(4, "worker-team-test")) {
      for (int round = 1; round <= 500; round++) {
        int value = round;
        team.run(4, worker -> cells[worker] = value);
        assertArrayEquals(new int[] {round, round, round, round}, cells);
      }
    }
  }

  @Test
  void aFailingWorkerFailsTheRunAfterTheOthersFinished() {
    try (WorkerTeam team = new WorkerTeam(2, "worker-team-test")) {
      AtomicIntegerArray finished = new AtomicIntegerArray(2);
      IllegalStateException failure =
          assertThrows(
              IllegalStateException.class,
              () ->
                  team.run(
                      2,
                      worker -> {
                        if (worker == 1) {
                          throw new IllegalStateException("worker 1 failed");
                        }
                        finished.incrementAndGet(0);
                      }));
      assertEquals("worker 1 failed", failure.getMessage());
      assertEquals(1, finished.get(0));
      team.run(2, worker -> finished.incrementAndGet(worker));
      assertEquals(2, finished.get(0), "the team still works after a failure");
    }
  }

  @Test
  void countsOutsideTheTeamAndRunsAfterCloseAreRefused() {
    WorkerTeam team = new WorkerTeam(2, "worker-team-test");
    IllegalArgumentException tooMany =
        assertThrows(IllegalArgumentException.class, () -> team.run(3, worker -> {}));
    assertTrue(tooMany.getMessage().contains("[1, 2]"), tooMany.getMessage());
    team.close();
    assertThrows(IllegalStateException.class, () -> team.run(1, worker -> {}));
    assertThrows(IllegalArgumentException.class, () -> new WorkerTeam(0, "none"));
  }
}
