package io.nowcast.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forecaster's HTTP server: health probes, Prometheus metrics and the sensor API, plus the
 * hooks the demo dashboard needs (static files from the classpath, server-sent events).
 *
 * <p>Routes and their JSON shapes are documented in {@code docs/operations-http.md}. Every error
 * answer is JSON ({@code {"error": ..., ...}}), never an HTML page or a stack trace.
 */
public final class NowcastHttpServer implements AutoCloseable {

  /** Content type of the Prometheus text exposition format that {@code GET /metrics} serves. */
  public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(NowcastHttpServer.class);

  private final Javalin app;
  private final String host;
  private final Supplier<Boolean> readiness;
  private final Supplier<String> notReadyReason;
  private final PrometheusMeterRegistry metrics;
  private volatile SensorDirectory sensors;

  private NowcastHttpServer(Builder builder) {
    this.host = builder.host;
    this.readiness = builder.readiness;
    this.notReadyReason = builder.notReadyReason;
    this.metrics = builder.metrics;
    this.sensors = builder.sensors;
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jetty.defaultHost = builder.host;
              config.jetty.defaultPort = builder.port;
              config.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
              builder.staticDirectories.forEach(
                  dir -> config.staticFiles.add(dir, Location.CLASSPATH));
            });
    registerRoutes();
    builder.sseRoutes.forEach(app::sse);
    builder.getRoutes.forEach(app::get);
  }

  /** A builder with the defaults: 127.0.0.1, an ephemeral port, always ready, no sensors. */
  public static Builder builder() {
    return new Builder();
  }

  private void registerRoutes() {
    app.get("/health/live", ctx -> ctx.json(Map.of("status", "live")));
    app.get("/health/ready", this::ready);
    app.get("/metrics", this::scrape);
    app.get(SensorApi.SENSORS_PATH, ctx -> ctx.json(directory(ctx).sensorIds()));
    app.get(SensorApi.SENSORS_PATH + "/{id}", this::sensor);
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> error(ctx, HttpStatus.forStatus(e.getStatus()), e.getMessage()));
    app.exception(
        SensorLookupUnavailableException.class,
        (e, ctx) -> error(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          error(
              ctx,
              HttpStatus.INTERNAL_SERVER_ERROR,
              e.getClass().getSimpleName() + ": " + e.getMessage());
        });
  }

  private void ready(Context ctx) {
    boolean ready;
    String reason;
    try {
      ready = Boolean.TRUE.equals(readiness.get());
      reason = ready ? "" : notReadyReason.get();
    } catch (RuntimeException e) {
      ready = false;
      reason = "readiness probe failed: " + e;
    }
    if (ready) {
      ctx.json(Map.of("status", "ready"));
    } else {
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
          .json(Map.of("status", "not_ready", "reason", reason));
    }
  }

  private void scrape(Context ctx) {
    ctx.contentType(PROMETHEUS_CONTENT_TYPE).result(metrics.scrape());
  }

  private void sensor(Context ctx) {
    String id = ctx.pathParam("id");
    Optional<SensorView> view = directory(ctx).sensor(id);
    if (view.isPresent()) {
      ctx.json(view.get());
    } else {
      Map<String, Object> body = errorBody("unknown sensor");
      body.put("sensor_id", id);
      ctx.status(HttpStatus.NOT_FOUND).json(body);
    }
  }

  /**
   * The directory to answer from: the local part only when another instance forwarded the request.
   */
  private SensorDirectory directory(Context ctx) {
    SensorDirectory current = sensors;
    if (current == null) {
      throw new SensorLookupUnavailableException("the sensor store is not open yet");
    }
    return ctx.header(SensorApi.FORWARDED_HEADER) != null ? current.localOnly() : current;
  }

  private static void error(Context ctx, HttpStatus status, String message) {
    ctx.status(status).json(errorBody(message));
  }

  private static Map<String, Object> errorBody(String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message == null ? "" : message);
    return body;
  }

  /**
   * Installs the directory the {@code /api/sensors} routes read from. The server usually starts
   * before Kafka Streams (liveness must answer during start-up, and {@code application.server}
   * needs the bound port), so the forecaster installs its directory once Streams is built; until
   * then the sensor routes answer 503.
   */
  public void sensorDirectory(SensorDirectory directory) {
    this.sensors = Objects.requireNonNull(directory, "directory");
  }

  /** Binds and starts serving; returns this server. */
  public NowcastHttpServer start() {
    app.start();
    LOG.info("HTTP endpoints at http://{}:{}", host, port());
    return this;
  }

  /**
   * The port actually bound (the chosen one when the configured port was 0); valid after {@link
   * #start()}.
   */
  public int port() {
    return app.port();
  }

  /** Stops the server and releases the port. */
  @Override
  public void close() {
    app.stop();
  }

  /** Collects the server's settings; every option has a safe default. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private Supplier<Boolean> readiness = () -> true;
    private Supplier<String> notReadyReason = () -> "not ready";
    private PrometheusMeterRegistry metrics;
    private SensorDirectory sensors;
    private final List<String> staticDirectories = new ArrayList<>();
    private final Map<String, Consumer<SseClient>> sseRoutes = new LinkedHashMap<>();
    private final Map<String, Handler> getRoutes = new LinkedHashMap<>();

    private Builder() {}

    /** Interface to bind; default 127.0.0.1 (loopback only). Use 0.0.0.0 to serve other hosts. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * Port to bind; default 0 = an ephemeral port, read it back with {@link
     * NowcastHttpServer#port()}.
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("HTTP port must be in 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * What {@code GET /health/ready} reports: 200 while {@code probe} returns true, else 503 with
     * {@code reason}'s text (e.g. "Kafka Streams state is REBALANCING"). Default: always ready.
     */
    public Builder readiness(Supplier<Boolean> probe, Supplier<String> reason) {
      this.readiness = Objects.requireNonNull(probe, "probe");
      this.notReadyReason = Objects.requireNonNull(reason, "reason");
      return this;
    }

    /** The registry {@code GET /metrics} exposes; required. */
    public Builder metrics(PrometheusMeterRegistry registry) {
      this.metrics = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * The directory the sensor API reads from; optional here, see {@link
     * NowcastHttpServer#sensorDirectory}.
     */
    public Builder sensors(SensorDirectory directory) {
      this.sensors = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Serves files under {@code classpathDirectory} (e.g. {@code /public}) at the root path; it
     * must exist.
     */
    public Builder staticFiles(String classpathDirectory) {
      staticDirectories.add(Objects.requireNonNull(classpathDirectory, "classpathDirectory"));
      return this;
    }

    /**
     * Adds a server-sent-events route; {@code onClient} gets each connecting client (call {@code
     * client.keepAlive()} and keep it to send events later). Javalin answers only requests with
     * {@code Accept: text/event-stream}, as a browser's EventSource sends.
     */
    public Builder sse(String path, Consumer<SseClient> onClient) {
      sseRoutes.put(
          Objects.requireNonNull(path, "path"), Objects.requireNonNull(onClient, "onClient"));
      return this;
    }

    /**
     * Adds a {@code GET} route (Javalin path syntax, e.g. {@code /api/dashboard/sensors/{id}}) for
     * features mounted beside the built-in routes, such as the dashboard. Errors it throws get the
     * same JSON answers as the built-in routes.
     */
    public Builder get(String path, Handler handler) {
      getRoutes.put(
          Objects.requireNonNull(path, "path"), Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /** Creates the server (not yet started). */
    public NowcastHttpServer build() {
      if (metrics == null) {
        throw new IllegalStateException(
            "NowcastHttpServer needs a PrometheusMeterRegistry: call metrics(...)");
      }
      return new NowcastHttpServer(this);
    }
  }
}
