package io.nowcast.web.dashboard;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The events waiting for one connected page. The broadcaster only ever offers (never blocks), so a
 * page that reads slowly cannot hold up the others or the stream threads: when its queue is full,
 * the queued events are replaced by one {@code resync} event and the page reloads its state.
 */
final class ClientMailbox {

  /** An SSE event: its name and its JSON data. */
  record Event(String name, String data) {}

  static final Event RESYNC =
      new Event("resync", "{\"reason\":\"the page fell behind; reload the state\"}");
  static final Event CLOSED = new Event("closed", "{\"reason\":\"the dashboard feed closed\"}");

  private final BlockingQueue<Event> queue;

  ClientMailbox(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Queues the event; when the page is too far behind, drops its backlog for a {@code resync}. */
  void offer(Event event) {
    if (!queue.offer(event)) {
      queue.clear();
      queue.offer(RESYNC);
    }
  }

  /** Ends the page's stream: the closing event jumps any backlog. */
  void close() {
    queue.clear();
    queue.offer(CLOSED);
  }

  /** The next event, or null after {@code timeoutMillis} without one. */
  Event poll(long timeoutMillis) throws InterruptedException {
    return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  int queued() {
    return queue.size();
  }
}
