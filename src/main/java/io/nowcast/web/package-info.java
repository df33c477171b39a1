/**
 * The forecaster's HTTP endpoints, on Javalin (Jetty).
 *
 * <p>{@link io.nowcast.web.NowcastHttpServer} serves the health probes ({@code /health/live},
 * {@code /health/ready}), the Prometheus scrape ({@code /metrics}) and the sensor API ({@code
 * /api/sensors}, {@code /api/sensors/{id}}), and can serve classpath static files and server-sent
 * events for the dashboard. The sensor API reads a {@link io.nowcast.web.SensorDirectory}; in a
 * multi-instance deployment each instance owns some partitions of the state store, so {@link
 * io.nowcast.web.StreamsSensorDirectory} answers locally when it owns a key and otherwise forwards
 * to the owner with {@link io.nowcast.web.RemoteSensorClient}, marking the request so it is
 * forwarded at most once. Endpoints and JSON shapes are documented in {@code
 * docs/operations-http.md}.
 */
package io.nowcast.web;
