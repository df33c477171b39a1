/**
 * The one feature pipeline shared by the trainer, the backtest and the forecaster.
 *
 * <p>A {@link io.nowcast.features.FeatureSpec} says which inputs a model expects (the normalised
 * value always, optionally its change since the previous reading, Δt, a gap flag, calendar sin/cos
 * terms and covariates) and what its outputs mean (the normalised level, or with {@code
 * target=delta} the scaled change from the last value, so that the zero output is the persistence
 * forecast and the network learns a correction to it) and travels as a canonical string inside
 * every ModelSnapshot, so the forecaster featurises exactly as the trainer did. A {@link
 * io.nowcast.features.FeaturePipeline} built from a spec is immutable and turns each reading of a
 * key, together with that key's {@link io.nowcast.features.FeatureState}, into one input vector
 * without allocating, and maps network outputs back to the value's scale with the key's current
 * statistics.
 *
 * <p>The arithmetic is deterministic across JVM runs (StrictMath for every transcendental, fixed
 * evaluation order) because the forecaster promises bit-identical output after a restart. This
 * package depends on the JDK only; the grammar and the numerical rules are documented in {@code
 * docs/features.md}.
 */
package io.nowcast.features;
