/**
 * The training core shared by {@code nowcast train}, the trainer service and the backtest: from
 * per-key time series to a scored, calibrated model.
 *
 * <p>A {@link io.nowcast.train.Series} is one key's readings in time order (events not newer than
 * the previous are dropped, as the forecaster drops them), split by time into train and holdout.
 * {@link io.nowcast.train.TrainingData} featurises the training parts with the very {@link
 * io.nowcast.features.FeaturePipeline} the forecaster uses, strictly causally, so offline scores
 * predict online behaviour. The {@link io.nowcast.train.Trainer} runs seeded, reproducible stateful
 * truncated BPTT over mini-batches of segments (Adam or RMSprop, clipping by global norm, optional
 * per-epoch learning-rate decay), stops early on the holdout and keeps the best parameters; with a
 * seed ensemble it does so once per member and merges the members into one network. {@link
 * io.nowcast.train.HoldoutScorer} then streams every series step by step through the engine's
 * {@link io.nowcast.engine.ModelStepper}, the forecaster's own per-event code, scoring challenger,
 * champion and repeat-last-value on the same positions, pooled and per key; {@link
 * io.nowcast.train.ShrinkageFit} fits, per horizon step, how far to trust the network over
 * repeat-last-value, and {@link io.nowcast.train.ConformalCalibrator} turns the shrunk forecasts'
 * holdout residuals into split-conformal intervals (the calibration stores both). {@link
 * io.nowcast.train.TrainingResult#toModelContent} makes the model.
 *
 * <p>This package never imports Kafka (ArchUnit-enforced): reading topics is the trainer service's
 * job, reading CSV the command line's. The algorithm, its defaults and measured figures are in
 * {@code docs/training.md}.
 */
package io.nowcast.train;
