/**
 * The demo's live dashboard: a page that charts each sensor's actuals against its step-1 forecasts
 * and interval band, with the model version in use, when it changed, and rolling accuracy against
 * repeat-last-value.
 *
 * <p>{@link io.nowcast.web.dashboard.DashboardFeed} is the seam between the forecaster and the
 * page: the forecaster pushes forecasts, accuracy reports and model installs into it; it keeps a
 * bounded history per sensor and streams coalesced updates as server-sent events, isolating
 * producers from slow pages. {@link io.nowcast.web.dashboard.DashboardServer} mounts the page
 * (plain JavaScript under {@code /public}, uPlot from its webjar), the REST routes for the initial
 * load and the event stream on a {@link io.nowcast.web.NowcastHttpServer}. Formats: {@code
 * docs/dashboard.md}.
 */
package io.nowcast.web.dashboard;
