/**
 * Dead-letter handling for the forecaster (Kafka Streams KIP-1033 / KIP-1034).
 *
 * <p>A record that cannot be deserialised ({@link
 * io.nowcast.stream.errors.DeadLetterDeserializationHandler}) or whose processing throws ({@link
 * io.nowcast.stream.errors.DeadLetterProcessingHandler}) is written to the dead-letter topic with
 * its original key, value and headers plus headers naming the cause, counted in {@code
 * nowcast_dead_letters_total}, and skipped: one bad record must not stop a partition. Processors
 * reject records on domain grounds (non-finite value, missing sensor id, absurd magnitude) through
 * {@link io.nowcast.stream.errors.DeadLetters}, whose {@link
 * io.nowcast.stream.errors.PoisonRecordException} carries a machine-readable reason. The copied
 * value is capped so that a dead letter of a near-limit record still fits the broker. One failure
 * is deliberately not dead-lettered: an output of ours that cannot be serialised (the schema
 * registry failing) fails the task instead ({@link
 * io.nowcast.stream.errors.OutputSerializationFailureHandler}), so that exactly-once processing
 * retries the input rather than losing its forecast. Headers, reasons and the cap are documented in
 * {@code docs/dead-letters.md}.
 */
package io.nowcast.stream.errors;
