/**
 * Backtests on the serving code path ({@code nowcast backtest}): a {@link io.nowcast.eval.Protocol}
 * says where to train, validate and score and on which scale (the standard ETT protocol, or a
 * holdout fraction for any other series); {@link io.nowcast.eval.Backtest} trains with the shared
 * trainer, turns the result into a validated snapshot exactly as one arriving on the models topic,
 * streams the series through the forecaster's engine and scores the forecasts made at test
 * positions, next to repeat-last-value and seasonal naive on the same positions. {@link
 * io.nowcast.eval.ForecastPlot} draws a stretch of the test split. Kafka-free: reading files is the
 * caller's job.
 */
package io.nowcast.eval;
