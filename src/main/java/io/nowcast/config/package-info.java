/**
 * The declared configuration of the forecaster and the trainer.
 *
 * <p>Every {@code nowcast.*} key is declared exactly once, with its type, default, validator,
 * documentation and group, in a Kafka {@link org.apache.kafka.common.config.ConfigDef}: the shared
 * keys in {@link io.nowcast.config.CommonConfig}, the others in {@link
 * io.nowcast.config.ForecasterConfig} and {@link io.nowcast.config.TrainerConfig}. Other packages
 * contribute their own keys (e.g. the input mapping) by passing a {@code ConfigDef} to the
 * constructors, so each key still has a single declaration. Start-up fails with a {@code
 * ConfigException} naming the key for any bad value, any undeclared {@code nowcast.*} key and a
 * missing or doubly given input; every other key (Kafka, Streams, security, schema registry) passes
 * through to the clients untouched.
 *
 * <p>{@link io.nowcast.config.ConfigLoader} merges a properties file with environment overrides,
 * {@link io.nowcast.config.Durations} reads durations, and {@link io.nowcast.config.ConfigDocs}
 * renders the keys for {@code nowcast config} and {@code docs/configuration.md}.
 */
package io.nowcast.config;
