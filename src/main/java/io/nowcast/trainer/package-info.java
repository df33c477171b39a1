/**
 * The trainer process ({@code nowcast trainer}): learns from the history in Kafka and publishes
 * better models.
 *
 * <p>A cycle reads the champion from the compacted models topic (the highest version of the model
 * name that validates, as the forecaster serves it), reads a bounded window of the input topics
 * with a plain consumer — the window ends at the newest record in the topics, not at the wall
 * clock, so replayed history trains like live data — keeping, record by record, at most {@code
 * nowcast.trainer.max.points} readings of a deterministic, rotating sample of keys in primitive
 * columns ({@link io.nowcast.trainer.History}), so memory follows the budget and not the fleet;
 * trains a challenger with the same code as {@code nowcast train} ({@code io.nowcast.train}), and
 * scores challenger, champion and repeat-last-value on the same holdout. The challenger is
 * published as version champion + 1 only when it wins; a snapshot is one record, written in a
 * transaction under a {@code transactional.id} fixed per models topic and model name and registered
 * before the champion is read: a killed trainer never leaves half a model, or an uncommitted one,
 * visible, and a newer trainer fences an older one so that no version is published twice. {@link
 * io.nowcast.trainer.CycleSchedule} runs cycles every {@code nowcast.trainer.interval} (a failed
 * cycle is logged and the next one runs on schedule) until stopped, or until a newer trainer fences
 * this one. See {@code docs/trainer.md}.
 */
package io.nowcast.trainer;
