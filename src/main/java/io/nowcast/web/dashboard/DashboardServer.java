package io.nowcast.web.dashboard;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.nowcast.web.NowcastHttpServer;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Mounts the dashboard on a {@link NowcastHttpServer}: the page (classpath {@code /public}), the
 * chart library from its webjar, the two REST routes for the initial load and the event stream.
 *
 * <pre>{@code
 * DashboardFeed feed = new DashboardFeed();
 * NowcastHttpServer http = DashboardServer.mount(NowcastHttpServer.builder().metrics(registry), feed)
 *         .build().start();
 * // then, from the forecaster: feed.onForecast(forecast); feed.onAccuracy(report); ...
 * }</pre>
 */
public final class DashboardServer {

  /** The page's entry point: {@code GET /} serves {@code /public/index.html}. */
  public static final String PAGE_PATH = "/";

  /** Sensors with their latest figures, plus the header figures. */
  public static final String SENSORS_PATH = "/api/dashboard/sensors";

  /** One sensor's chart history, {@code {id}} URL-encoded. */
  public static final String HISTORY_PATH = "/api/dashboard/sensors/{id}/history";

  /** The server-sent event stream ({@code hello}, {@code update}, {@code resync}). */
  public static final String STREAM_PATH = "/api/stream";

  /** Where the page loads uPlot from (served out of the webjar, never a CDN). */
  public static final String UPLOT_SCRIPT_PATH = "/vendor/uplot/uPlot.iife.min.js";

  /** uPlot's stylesheet, likewise. */
  public static final String UPLOT_STYLE_PATH = "/vendor/uplot/uPlot.min.css";

  /**
   * Version of the {@code org.webjars.npm:uplot} dependency; must match {@code uplot.version} in
   * the pom.
   */
  static final String UPLOT_VERSION = "1.6.30";

  static final String UPLOT_WEBJAR_DIR =
      "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";

  private static final String JSON = "application/json";

  private DashboardServer() {}

  /** Adds the dashboard's routes and static files to {@code builder}; returns the builder. */
  public static NowcastHttpServer.Builder mount(
      NowcastHttpServer.Builder builder, DashboardFeed feed) {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(feed, "feed");
    return builder
        .staticFiles("/public")
        .get(SENSORS_PATH, ctx -> ctx.contentType(JSON).result(feed.sensorsJson()))
        .get(HISTORY_PATH, ctx -> history(ctx, feed))
        .get(UPLOT_SCRIPT_PATH, ctx -> webjarFile(ctx, "uPlot.iife.min.js", "text/javascript"))
        .get(UPLOT_STYLE_PATH, ctx -> webjarFile(ctx, "uPlot.min.css", "text/css"))
        .sse(STREAM_PATH, feed::serve);
  }

  private static void history(Context ctx, DashboardFeed feed) {
    String id = ctx.pathParam("id");
    Optional<String> history = feed.historyJson(id);
    if (history.isPresent()) {
      ctx.contentType(JSON).result(history.get());
    } else {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "unknown sensor");
      body.put("sensor_id", id);
      ctx.status(HttpStatus.NOT_FOUND).json(body);
    }
  }

  private static void webjarFile(Context ctx, String file, String contentType) {
    InputStream content = DashboardServer.class.getResourceAsStream(UPLOT_WEBJAR_DIR + file);
    if (content == null) {
      throw new IllegalStateException(
          "uPlot "
              + UPLOT_VERSION
              + " is not on the classpath: missing "
              + UPLOT_WEBJAR_DIR
              + file
              + " (org.webjars.npm:uplot)");
    }
    ctx.contentType(contentType).header("Cache-Control", "max-age=86400").result(content);
  }
}
