package io.nowcast.nn;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed group of threads that runs one task on several workers at once and returns when all of
 * them are done: the data-parallel phases of {@link Backprop}. The calling thread is worker 0 and
 * the team's own threads are workers 1 … size − 1, so a team of one starts no thread and runs
 * everything inline.
 *
 * <p>A run allocates nothing: the task is handed over through volatile fields and the workers wait
 * by spinning briefly, then parking (a chunk of training takes about a millisecond, so a parked
 * thread's wake-up latency would cost more than the short spin). Not for concurrent callers: one
 * thread (the training loop that owns the team) calls {@link #run} at a time.
 */
public final class WorkerTeam implements AutoCloseable {

  /** Busy-wait rounds before parking; enough to bridge the gap between two phases of a chunk. */
  private static final int SPINS = 1_000;

  /** Bits of {@link #ticket} that hold the number of workers of the current run. */
  private static final int COUNT_BITS = 16;

  private final Thread[] helpers;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile IntConsumer task;
  private volatile Thread caller;

  /**
   * Generation of the current run (upper bits) and its worker count (lower {@value #COUNT_BITS}
   * bits), written last so that a worker that sees a new ticket also sees its task and caller.
   */
  private volatile long ticket;

  private volatile boolean closed;

  /**
   * Starts {@code size − 1} daemon threads named {@code name-1} … (none for a team of one).
   *
   * @throws IllegalArgumentException when size is not in [1, 65535]
   */
  public WorkerTeam(int size, String name) {
    if (size < 1 || size >= 1 << COUNT_BITS) {
      throw new IllegalArgumentException(
          "team size must be in [1, " + ((1 << COUNT_BITS) - 1) + "], was " + size);
    }
    helpers = new Thread[size - 1];
    for (int i = 0; i < helpers.length; i++) {
      int index = i + 1;
      helpers[i] = new Thread(() -> serve(index), name + "-" + index);
      helpers[i].setDaemon(true);
      helpers[i].start();
    }
  }

  /** Workers available, the calling thread included. */
  public int size() {
    return helpers.length + 1;
  }

  /**
   * Runs {@code work.accept(w)} for every worker w in [0, count), worker 0 on the calling thread,
   * and returns when all have finished. When a worker throws, the others still finish and the first
   * failure is rethrown (an {@link Error} or {@link RuntimeException} as it is).
   *
   * @throws IllegalArgumentException when count is not in [1, {@link #size()}]
   * @throws IllegalStateException when the team is closed
   */
  public void run(int count, IntConsumer work) {
    if (count < 1 || count > size()) {
      throw new IllegalArgumentException(
          "workers must be in [1, " + size() + "] for this team, was " + count);
    }
    if (closed) {
      throw new IllegalStateException("the worker team is closed");
    }
    if (count == 1) {
      work.accept(0);
      return;
    }
    task = work;
    caller = Thread.currentThread();
    failure.set(null);
    pending.set(count - 1);
    ticket = ((ticket >>> COUNT_BITS) + 1) << COUNT_BITS | count;
    for (int i = 1; i < count; i++) {
      LockSupport.unpark(helpers[i - 1]);
    }
    Throwable own = null;
    try {
      work.accept(0);
    } catch (RuntimeException | Error e) {
      own = e;
    }
    awaitHelpers();
    Throwable first = own != null ? own : failure.get();
    if (first instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (first instanceof Error error) {
      throw error;
    }
  }

  private void awaitHelpers() {
    int spins = 0;
    while (pending.get() != 0) {
      if (spins++ < SPINS) {
        Thread.onSpinWait();
      } else {
        LockSupport.park(this);
      }
    }
  }

  private void serve(int index) {
    long seen = 0;
    while (true) {
      long current = awaitTicket(seen);
      if (closed) {
        return;
      }
      seen = current;
      int count = (int) (current & ((1 << COUNT_BITS) - 1));
      if (index >= count) {
        continue;
      }
      try {
        task.accept(index);
      } catch (RuntimeException | Error e) {
        failure.compareAndSet(null, e);
      }
      Thread waiting = caller;
      if (pending.decrementAndGet() == 0) {
        LockSupport.unpark(waiting);
      }
    }
  }

  private long awaitTicket(long seen) {
    int spins = 0;
    long current;
    while ((current = ticket) == seen && !closed) {
      if (spins++ < SPINS) {
        Thread.onSpinWait();
      } else {
        LockSupport.park(this);
      }
    }
    return current;
  }

  /** Stops the team's threads and waits for them; further runs fail. */
  @Override
  public void close() {
    closed = true;
    for (Thread helper : helpers) {
      LockSupport.unpark(helper);
    }
    for (Thread helper : helpers) {
      try {
        helper.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
