package io.nowcast.web.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads a server-sent event stream over loopback HTTP, one event (name and data) at a time. */
final class SseTestClient implements AutoCloseable {

  /** One received event. */
  record Event(String name, String data) {}

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> response;

  SseTestClient(int port, String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    response.thenAccept(answer -> answer.body().forEach(lines::add));
  }

  /** The next event (comments skipped); fails after 20 s without one. */
  Event next() throws InterruptedException {
    String name = "message";
    StringBuilder data = new StringBuilder();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no server-sent event within " + PATIENCE);
      }
      if (line.isEmpty() && data.length() > 0) {
        return new Event(name, data.toString());
      } else if (line.startsWith("event:")) {
        name = line.substring("event:".length()).trim();
      } else if (line.startsWith("data:")) {
        data.append(line.substring("data:".length()).trim());
      }
    }
  }

  /** The next event called {@code name}, skipping others. */
  Event next(String name) throws InterruptedException {
    Event event = next();
    while (!event.name().equals(name)) {
      event = next();
    }
    return event;
  }

  @Override
  public void close() {
    response.cancel(true);
    response.thenAccept(answer -> answer.body().close());
  }
}
