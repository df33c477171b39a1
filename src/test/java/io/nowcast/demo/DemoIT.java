package io.nowcast.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nowcast.cli.Nowcast;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code nowcast demo --port 0 --duration 60s} in this JVM, observed from outside through its HTTP
 * port: the URL line comes first on stdout, a model is installed and forecasts flow, the
 * forecaster's endpoints answer on the dashboard's port, the summary reaches stderr, and the demo
 * stops by itself with exit code 0, leaving no temporary directory behind.
 */
class DemoIT {

  private static final Duration RUN_FOR = Duration.ofSeconds(60);
  private static final Duration PATIENCE = Duration.ofSeconds(55);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Pattern URL_LINE =
      Pattern.compile("^Nowcast demo: (http://127\\.0\\.0\\.1:\\d+)$", Pattern.MULTILINE);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void runsEverythingServesOnePortAndStopsCleanlyAfterItsDuration() throws Exception {
    Set<Path> tempBefore = demoTempDirs();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                Nowcast.commandLine()
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true))
                    .execute("demo", "--port", "0", "--duration", RUN_FOR.toSeconds() + "s"));

    waitUntil("the URL line on stdout", exit, err, () -> URL_LINE.matcher(out.toString()).find());
    Matcher url = URL_LINE.matcher(out.toString());
    assertTrue(
        url.find() && out.toString().startsWith("Nowcast demo: "), "URL first on stdout: " + out);
    String base = url.group(1);

    waitUntil(
        "a model version >= 1 is installed",
        exit,
        err,
        () -> metric(base, "nowcast_model_version") >= 1);
    waitUntil("forecasts flow", exit, err, () -> metric(base, "nowcast_forecasts_total") > 20);
    // Streams may process its first tasks while still REBALANCING, so readiness can trail the first
    // forecasts.
    waitUntil(
        "ready once Streams runs",
        exit,
        err,
        () -> get(base + "/health/ready").statusCode() == 200);
    JsonNode sensors = JSON.readTree(get(base + "/api/sensors").body());
    assertTrue(sensors.isArray() && sensors.size() >= 1, "sensors listed: " + sensors);
    String sensor = sensors.get(0).asText();
    assertTrue(
        DemoSeries.BUNDLED.stream().anyMatch(series -> series.sensorId().equals(sensor)), sensor);
    JsonNode latest = JSON.readTree(get(base + "/api/sensors/" + sensor).body());
    assertTrue(
        latest.path("model_version").asLong() >= 1, "latest forecast of " + sensor + ": " + latest);
    assertEquals(200, get(base + "/").statusCode(), "the dashboard page on the same port");

    assertEquals(
        0, exit.get(RUN_FOR.toSeconds() + 30, TimeUnit.SECONDS), "exit code; stderr: " + tail(err));
    assertTrue(err.toString().contains("readings/s"), "summary lines on stderr: " + tail(err));
    assertEquals(tempBefore, demoTempDirs(), "the demo deleted its temporary directories");
  }

  private static double metric(String base, String name) {
    String body = get(base + "/metrics").body();
    return body.lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static HttpResponse<String> get(String url) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Set<Path> demoTempDirs() throws IOException {
    try (Stream<Path> entries = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
      return entries
          .filter(path -> path.getFileName().toString().startsWith("nowcast-demo-"))
          .collect(Collectors.toSet());
    }
  }

  private static String tail(StringWriter err) {
    String text = err.toString();
    return text.substring(Math.max(0, text.length() - 2000));
  }

  /**
   * Polls {@code condition} until it holds; fails naming {@code what} after {@link #PATIENCE}.
   * Between polls it waits on the command itself, so a demo that exits early fails the test at
   * once.
   */
  private static void waitUntil(
      String what, CompletableFuture<Integer> exit, StringWriter err, BooleanSupplier condition)
      throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      if (quietly(condition)) {
        return;
      }
      try {
        Integer code = exit.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
        throw new AssertionError(
            "demo exited with " + code + " while waiting for " + what + "; stderr: " + tail(err));
      } catch (TimeoutException stillRunning) {
        // The demo runs on: poll again.
      }
    }
    throw new AssertionError("timed out after " + PATIENCE.toSeconds() + " s waiting for " + what);
  }

  private static boolean quietly(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (IllegalStateException e) {
      return false;
    }
  }
}
