package io.nowcast.web.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;
import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the live dashboard shows, fed by the forecaster (or the demo) and read by the pages.
 *
 * <p>Producers call {@link #onForecast}, {@link #onAccuracy} and {@link #onModelInstalled} from any
 * thread (Kafka Streams threads); each call updates a bounded per-sensor history under a short lock
 * and queues the change. A single broadcaster thread coalesces the queued changes every {@link
 * DashboardSettings#broadcastInterval()} into one {@code update} event and offers it to each
 * connected page's bounded mailbox; each page is served by its own HTTP thread ({@link
 * #serve(SseClient)}). So neither a slow page nor a burst of events ever blocks a producer:
 * overflow turns into a {@code resync} event and the page reloads through the REST routes. Event
 * and JSON formats: {@code docs/dashboard.md}.
 */
public final class DashboardFeed implements AutoCloseable {

  /** Model installs remembered for the page header and the {@code models} lists. */
  static final int REMEMBERED_INSTALLS = 20;

  private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);

  /**
   * Weight of the newest interval in the smoothed events/s figure (about a one-second memory at 250
   * ms).
   */
  private static final double RATE_SMOOTHING = 0.25;

  private final DashboardSettings settings;
  private final Map<String, SensorHistory> sensors = new ConcurrentHashMap<>();
  private final List<ClientMailbox> pages = new CopyOnWriteArrayList<>();
  private final ArrayDeque<ModelInstall> installs = new ArrayDeque<>();
  private final Object pendingLock = new Object();
  // Producers queue plain records; JSON is built on the broadcaster thread, off the stream threads.
  private List<SensorEvent<Sample>> pendingForecasts = new ArrayList<>();
  private Map<String, AccuracyReport> pendingAccuracy = new LinkedHashMap<>();
  private List<SensorEvent<ModelChange>> pendingChanges = new ArrayList<>();
  private List<ModelInstall> pendingInstalls = new ArrayList<>();
  private boolean pendingOverflowed;
  private final AtomicLong forecastsReceived = new AtomicLong();
  private final AtomicLong forecastsIgnored = new AtomicLong();
  private final ScheduledExecutorService broadcaster;
  private long lastBroadcastNanos = System.nanoTime();
  private long lastBroadcastCount;
  private volatile double eventsPerSecond;
  private volatile boolean closed;

  /** A feed with {@link DashboardSettings#defaults()}; its broadcaster thread starts now. */
  public DashboardFeed() {
    this(DashboardSettings.defaults());
  }

  /** A feed with the given bounds; its broadcaster thread starts now. */
  public DashboardFeed(DashboardSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.broadcaster =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "nowcast-dashboard-broadcast");
              thread.setDaemon(true);
              return thread;
            });
    long period = settings.broadcastInterval().toMillis();
    broadcaster.scheduleAtFixedRate(this::broadcastSafely, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Records a forecast: its actual and step-1 forecast join the sensor's chart. Never blocks on
   * pages.
   */
  public void onForecast(Forecast forecast) {
    Objects.requireNonNull(forecast, "forecast");
    forecastsReceived.incrementAndGet();
    SensorHistory history = history(forecast.getSensorId());
    if (history == null) {
      forecastsIgnored.incrementAndGet();
      return;
    }
    Sample sample = Sample.of(forecast);
    ModelChange change = history.add(forecast, sample);
    synchronized (pendingLock) {
      if (pendingForecasts.size() >= settings.maxPendingPoints()) {
        pendingOverflowed = true;
        return;
      }
      pendingForecasts.add(new SensorEvent<>(forecast.getSensorId(), sample));
      if (change != null) {
        pendingChanges.add(new SensorEvent<>(forecast.getSensorId(), change));
      }
    }
  }

  /** Records a sensor's latest rolling accuracy (model MAE against repeat-last-value MAE). */
  public void onAccuracy(AccuracyReport report) {
    Objects.requireNonNull(report, "report");
    SensorHistory history = history(report.getSensorId());
    if (history == null) {
      return;
    }
    history.accuracy(report);
    synchronized (pendingLock) {
      pendingAccuracy.put(report.getSensorId(), report);
    }
  }

  /** Records that the forecaster installed a model; the page header shows the latest. */
  public void onModelInstalled(String name, long version, Instant at) {
    ModelInstall install =
        new ModelInstall(
            Objects.requireNonNull(name, "name"),
            version,
            Objects.requireNonNull(at, "at").toEpochMilli());
    synchronized (installs) {
      if (installs.size() == REMEMBERED_INSTALLS) {
        installs.removeFirst();
      }
      installs.addLast(install);
    }
    synchronized (pendingLock) {
      pendingInstalls.add(install);
    }
  }

  /**
   * The sensor's history, created on first sight; null when {@code maxSensors} are already tracked.
   */
  private SensorHistory history(String sensorId) {
    Objects.requireNonNull(sensorId, "sensor_id");
    SensorHistory known = sensors.get(sensorId);
    if (known != null || sensors.size() >= settings.maxSensors()) {
      return known;
    }
    return sensors.computeIfAbsent(
        sensorId,
        id -> new SensorHistory(id, settings.historyPoints(), settings.maxModelChanges()));
  }

  /**
   * JSON for {@code GET /api/dashboard/sensors}: every sensor (sorted by id) with its latest
   * figures, plus the header figures (events/s, current model, recent installs).
   */
  public String sensorsJson() {
    ObjectNode root = header();
    ArrayNode list = root.putArray("sensors");
    sensors.values().stream()
        .map(SensorHistory::snapshot)
        .sorted(Comparator.comparing(SensorHistory.Snapshot::sensorId))
        .forEach(snapshot -> list.add(summary(snapshot)));
    return DashboardJson.write(root);
  }

  /** JSON for {@code GET /api/dashboard/sensors/{id}/history}; empty for a sensor never seen. */
  public Optional<String> historyJson(String sensorId) {
    SensorHistory history = sensors.get(sensorId);
    if (history == null) {
      return Optional.empty();
    }
    SensorHistory.Snapshot snapshot = history.snapshot();
    ObjectNode root = summary(snapshot);
    root.set("points", DashboardJson.columns(snapshot.samples()));
    root.set("model_changes", DashboardJson.changes(snapshot.changes()));
    return Optional.of(DashboardJson.write(root));
  }

  private static ObjectNode summary(SensorHistory.Snapshot snapshot) {
    ObjectNode node = DashboardJson.object().put("sensor_id", snapshot.sensorId());
    node.put("model_name", snapshot.modelName());
    DashboardJson.number(node, "interval_level", snapshot.intervalLevel());
    node.put("forecasts", snapshot.received());
    Sample latest = snapshot.latest();
    if (latest == null) {
      node.putNull("latest");
    } else {
      node.set("latest", DashboardJson.sample(snapshot.sensorId(), latest));
    }
    node.set("accuracy", DashboardJson.accuracy(snapshot.accuracy()));
    return node;
  }

  /** Fields every sensors answer and every {@code update} event carries. */
  private ObjectNode header() {
    ObjectNode root = DashboardJson.object();
    DashboardJson.number(root, "events_per_second", eventsPerSecond);
    List<ModelInstall> recent = recentInstalls();
    if (recent.isEmpty()) {
      root.putNull("model");
    } else {
      root.set("model", DashboardJson.install(recent.get(recent.size() - 1)));
    }
    root.set("models", DashboardJson.installs(recent));
    return root;
  }

  private List<ModelInstall> recentInstalls() {
    synchronized (installs) {
      return List.copyOf(installs);
    }
  }

  /**
   * Streams events to one page until it disconnects or the feed closes: blocks the calling thread
   * (Javalin runs each SSE client on its own async thread). Sends {@code hello} first.
   */
  public void serve(SseClient client) {
    ClientMailbox mailbox = new ClientMailbox(settings.clientQueueEvents());
    pages.add(mailbox);
    try {
      client.sendEvent("hello", DashboardJson.write(header()));
      pump(client, mailbox);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pages.remove(mailbox);
    }
  }

  private void pump(SseClient client, ClientMailbox mailbox) throws InterruptedException {
    while (!client.terminated() && !closed) {
      ClientMailbox.Event event = mailbox.poll(settings.heartbeat().toMillis());
      if (event == null) {
        client.sendComment("keep-alive");
      } else if (event == ClientMailbox.CLOSED) {
        return;
      } else {
        client.sendEvent(event.name(), event.data());
      }
    }
  }

  /** Pages currently connected to the event stream. */
  public int connectedPages() {
    return pages.size();
  }

  /** Forecasts ignored because {@code maxSensors} other sensors were already tracked. */
  public long ignoredForecasts() {
    return forecastsIgnored.get();
  }

  /** Forecasts per second over roughly the last second (smoothed); 0 before the first broadcast. */
  public double eventsPerSecond() {
    return eventsPerSecond;
  }

  private void broadcastSafely() {
    try {
      broadcast();
    } catch (RuntimeException e) {
      // A failure here must not kill the scheduler (it would silently stop all updates).
      LOG.warn("dashboard broadcast failed", e);
    }
  }

  /** Drains what producers queued and offers it, as one event, to every page. */
  void broadcast() {
    updateRate();
    if (pages.isEmpty()) {
      // Nobody to tell: a page that connects later loads the state through the REST routes.
      synchronized (pendingLock) {
        clearPending();
      }
      return;
    }
    ClientMailbox.Event event = drainPending();
    if (event != null) {
      pages.forEach(page -> page.offer(event));
    }
  }

  private void updateRate() {
    long now = System.nanoTime();
    long count = forecastsReceived.get();
    double seconds = (now - lastBroadcastNanos) / 1e9;
    if (seconds > 0) {
      double latest = (count - lastBroadcastCount) / seconds;
      eventsPerSecond = RATE_SMOOTHING * latest + (1 - RATE_SMOOTHING) * eventsPerSecond;
    }
    lastBroadcastNanos = now;
    lastBroadcastCount = count;
  }

  /**
   * The coalesced {@code update} (or {@code resync} after an overflow); null when nothing is
   * pending.
   */
  private ClientMailbox.Event drainPending() {
    List<SensorEvent<Sample>> forecasts;
    Map<String, AccuracyReport> accuracy;
    List<SensorEvent<ModelChange>> changes;
    List<ModelInstall> newInstalls;
    synchronized (pendingLock) {
      if (pendingOverflowed) {
        clearPending();
        return ClientMailbox.RESYNC;
      }
      if (pendingForecasts.isEmpty() && pendingAccuracy.isEmpty() && pendingInstalls.isEmpty()) {
        return null;
      }
      forecasts = pendingForecasts;
      accuracy = pendingAccuracy;
      changes = pendingChanges;
      newInstalls = pendingInstalls;
      clearPending();
    }
    return new ClientMailbox.Event(
        "update", DashboardJson.write(update(forecasts, accuracy, changes, newInstalls)));
  }

  private void clearPending() {
    pendingForecasts = new ArrayList<>();
    pendingAccuracy = new LinkedHashMap<>();
    pendingChanges = new ArrayList<>();
    pendingInstalls = new ArrayList<>();
    pendingOverflowed = false;
  }

  private ObjectNode update(
      List<SensorEvent<Sample>> forecasts,
      Map<String, AccuracyReport> accuracy,
      List<SensorEvent<ModelChange>> changes,
      List<ModelInstall> newInstalls) {
    ObjectNode root = header();
    ArrayNode samples = root.putArray("forecasts");
    forecasts.forEach(event -> samples.add(DashboardJson.sample(event.sensorId(), event.value())));
    ArrayNode reports = root.putArray("accuracy");
    accuracy.values().forEach(report -> reports.add(DashboardJson.accuracy(report)));
    ArrayNode changeList = root.putArray("model_changes");
    changes.forEach(event -> changeList.add(DashboardJson.change(event.sensorId(), event.value())));
    root.set("installed", DashboardJson.installs(newInstalls));
    return root;
  }

  /** Something that happened to one sensor, queued for the next broadcast. */
  private record SensorEvent<T>(String sensorId, T value) {}

  /**
   * Stops the broadcaster and ends every page's stream (pages then reconnect to whatever serves
   * next).
   */
  @Override
  public void close() {
    closed = true;
    broadcaster.shutdownNow();
    pages.forEach(ClientMailbox::close);
  }
}
