/**
 * Models as files and records: everything between a trained or imported network and the forecaster
 * that serves it.
 *
 * <p>A model travels as an Avro {@link io.nowcast.avro.ModelSnapshot}: on the compacted models
 * topic, and on disk as {@code model.avro}, an Avro object container file holding exactly one
 * snapshot ({@link io.nowcast.model.ModelFiles}). {@link io.nowcast.model.Snapshots} converts a
 * snapshot to and from {@link io.nowcast.model.ModelContent} (a {@link io.nowcast.nn.NetworkSpec}
 * and the flat float parameters, stored as little-endian float32 bytes).
 *
 * <p>The package owns the model lifecycle that the trainer, the forecaster and the commands share.
 * {@link io.nowcast.model.ModelKey} is the models-topic key {@code name@version}, built and parsed
 * nowhere else. Nothing serves before {@link io.nowcast.model.SnapshotValidator#forServing()} has
 * turned the snapshot into a {@link io.nowcast.model.ValidatedModel}; there is no weaker validator,
 * so holding one is proof that the model may serve. A refusal is an {@link
 * io.nowcast.model.InvalidModelException} whose message names the field or tensor with the expected
 * and actual values, so that the forecaster can log it and keep the old model. {@link
 * io.nowcast.model.ModelLineage} holds the versions of one name read from the models topic and
 * answers which one is the champion (the highest version that validates): the trainer's challenger
 * is scored against it and the forecaster serves it after a restart. Reading the topic stays with
 * the trainer and the forecaster, so this package imports no Kafka (ArchUnit-enforced).
 *
 * <p>{@link io.nowcast.model.ModelImport} reads networks trained elsewhere from JSON exports of
 * Keras layer weights or a PyTorch {@code state_dict}; the formats are in {@code docs/models.md}.
 * {@link io.nowcast.model.ModelInspection} and {@link io.nowcast.model.ModelRunner} carry the logic
 * of the {@code nowcast model inspect} and {@code nowcast model run} commands.
 */
package io.nowcast.model;
