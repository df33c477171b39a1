package io.nowcast.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Trains the members of a seed ensemble side by side on {@code threads} threads: min(members,
 * threads) members at a time, each granted ⌊threads / members training now⌋ workers (at least one)
 * at the start of every epoch, so the last member left takes all the threads. A member's result
 * does not depend on when it ran or on how many workers it had ({@link TrainingLoop}), so the
 * outcomes are those of training the members one after another, returned in member order.
 *
 * <p>When a member fails, the others stop at their next epoch and the first failure in member order
 * is rethrown.
 */
final class MemberScheduler {

  /** Trains one member. */
  @FunctionalInterface
  interface MemberTraining {
    TrainingLoop.Outcome train(TrainingLoop.Member member);
  }

  private MemberScheduler() {}

  /**
   * @param seed member m (0-based) trains with seed + m
   */
  static List<TrainingLoop.Outcome> run(
      int members, long seed, int threads, MemberTraining training) {
    AtomicInteger running = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    IntSupplier share = () -> Math.max(1, threads / Math.max(1, running.get()));
    List<Callable<TrainingLoop.Outcome>> tasks = new ArrayList<>(members);
    for (int m = 0; m < members; m++) {
      TrainingLoop.Member member =
          new TrainingLoop.Member(seed + m, m + 1, members, share, failed::get);
      tasks.add(
          () -> {
            running.incrementAndGet();
            try {
              return training.train(member);
            } catch (RuntimeException | Error e) {
              failed.set(true);
              throw e;
            } finally {
              running.decrementAndGet();
            }
          });
    }
    int concurrent = Math.min(members, threads);
    return concurrent == 1 ? inline(tasks) : pooled(tasks, concurrent, failed);
  }

  private static List<TrainingLoop.Outcome> inline(List<Callable<TrainingLoop.Outcome>> tasks) {
    List<TrainingLoop.Outcome> outcomes = new ArrayList<>(tasks.size());
    for (Callable<TrainingLoop.Outcome> task : tasks) {
      try {
        outcomes.add(task.call());
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return outcomes;
  }

  private static List<TrainingLoop.Outcome> pooled(
      List<Callable<TrainingLoop.Outcome>> tasks, int concurrent, AtomicBoolean failed) {
    AtomicInteger slots = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            concurrent,
            runnable -> {
              Thread thread = new Thread(runnable, "nowcast-train-slot-" + slots.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<TrainingLoop.Outcome>> futures = new ArrayList<>(tasks.size());
      for (Callable<TrainingLoop.Outcome> task : tasks) {
        futures.add(pool.submit(task));
      }
      return collect(futures, failed);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every member's outcome in order, or the first real failure (not a cancellation) rethrown. */
  private static List<TrainingLoop.Outcome> collect(
      List<Future<TrainingLoop.Outcome>> futures, AtomicBoolean failed) {
    List<TrainingLoop.Outcome> outcomes = new ArrayList<>(futures.size());
    Throwable firstFailure = null;
    for (Future<TrainingLoop.Outcome> future : futures) {
      try {
        outcomes.add(future.get());
      } catch (InterruptedException e) {
        failed.set(true);
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while training the ensemble members");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (firstFailure == null && !(cause instanceof CancellationException)) {
          firstFailure = cause;
        }
      }
    }
    if (firstFailure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (firstFailure instanceof Error error) {
      throw error;
    }
    if (outcomes.size() < futures.size()) {
      throw new CancellationException("ensemble training was cancelled");
    }
    return outcomes;
  }
}
