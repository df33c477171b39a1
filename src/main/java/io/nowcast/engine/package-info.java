/**
 * The per-event forecasting engine: what happens to one sensor's state when one reading arrives.
 * The Kafka Streams forecaster ({@code io.nowcast.stream}), the backtest and the trainer's scoring
 * all call this package, so offline numbers describe online behaviour; it imports no Kafka.
 *
 * <h2>Per event</h2>
 *
 * {@link io.nowcast.engine.ForecastEngine#onReading}: a reading not newer than the key's last
 * timestamp is skipped ({@link io.nowcast.engine.SkipReason#DUPLICATE} when equal, else {@link
 * io.nowcast.engine.SkipReason#OUT_OF_ORDER}) and the stored state is left exactly as it was.
 * Otherwise: re-warm if the state was computed under another model version; score the pending
 * step-1 forecast against this actual and adapt the key's interval scale; append the raw
 * observation to the ring; featurise; exactly one network step; de-normalise the outputs into a
 * {@link io.nowcast.avro.Forecast}; remember its step 1 for the next actual; every N scored
 * forecasts emit an {@link io.nowcast.avro.AccuracyReport}.
 *
 * <p>Featurising, the network step and the forecast means (shrunk toward repeat-last-value, then
 * de-normalised) are {@link io.nowcast.engine.ModelStepper}'s, and the trainer's holdout scorer
 * steps through the same class, so the errors a model is trained, calibrated and published on are
 * those of the forecasts served here, bit for bit.
 *
 * <h2>Why the ring holds raw observations, and why re-warming starts from zero</h2>
 *
 * A new model may featurise differently (other normalisation, Δt, calendar terms, covariates), so
 * featurised inputs or the old recurrent state are meaningless to it. The ring keeps what the
 * sensor actually said (timestamp, value, every covariate), and a key whose state belongs to
 * another model version is rebuilt on its next event: a zero recurrent state and fresh feature
 * statistics, then the ring replayed through the new model's pipeline and network. Zero is the
 * state every training sequence starts from, so the replay reproduces how the model was trained to
 * warm up; the result depends only on the ring, never on the previous model. The swap is lazy (per
 * key, on its next event), so installing a model costs nothing up front.
 *
 * <h2>Intervals that follow the error level</h2>
 *
 * A model's interval offsets are calibrated once, on the trainer's holdout; a key whose errors
 * later grow or shrink would be over- or under-covered for good. Each key therefore keeps a
 * multiplier of the offsets, updated after every scored step-1 forecast by adaptive conformal
 * inference (Gibbs and Candès, 2021) on a log scale: × exp(γ·(miss − (1 − level))). Its fixed point
 * is a miss rate equal to the nominal one whatever the calibration said. A shared scale follows
 * every scored step-1 forecast; per-step scales on top follow up to four staggered <em>probe</em>
 * forecasts whose steps are scored as their actuals arrive (keeping every forecast would cost H²
 * bounds per key). All restart at 1 with each new model.
 *
 * <h2>Skip policy</h2>
 *
 * Event time must increase strictly per key. Re-ordering would require rewinding the recurrent
 * state, so a late reading is dropped (and counted by the caller) rather than applied out of order;
 * a duplicate is dropped because applying it twice would move the state twice.
 *
 * <h2>No model</h2>
 *
 * The ring and the key's typical interval keep advancing, nothing is stepped, and nothing is
 * emitted unless the persistence fallback is on (a flagged forecast repeating the last value, model
 * {@code persistence} version 0, one step). The first model then re-warms from the ring.
 *
 * <h2>Per-key state</h2>
 *
 * {@link io.nowcast.engine.KeyState} is a composition of parts that each own their fields, their
 * update rule and their bytes: progress (the skip rule), recurrent state, normalisation,
 * observation ring, pending forecast, accuracy window and interval scales. The engine calls the
 * parts' rules; {@link io.nowcast.engine.KeyStateCodec} alone turns a state into bytes and back, in
 * the sectioned format 3 (one section per part, so later parts are added as new sections) or, for a
 * rolling upgrade, in the flat format 2 of the previous release ({@code docs/state-format.md}).
 *
 * <h2>Determinism</h2>
 *
 * Same inputs, same bits: the network uses polynomial activations and fixed-order FMA, the feature
 * pipeline and the interval rule use {@link java.lang.StrictMath} only, nothing depends on
 * wall-clock time except {@code produced_at}, and the state blob ({@code docs/state-format.md})
 * stores floats and doubles exactly, so a key restored from its changelog after a crash continues
 * bit for bit.
 */
package io.nowcast.engine;
