/**
 * Getting records on and off Kafka: Avro serdes in Confluent's wire format, the schema-registry
 * clients they use, and the mapping of foreign sensor records onto our {@code SensorReading}.
 *
 * <p>The wire format is Confluent's (magic byte 0, 4-byte big-endian schema id, Avro binary), so
 * our topics interoperate with Confluent's serdes in other languages and with any
 * Confluent-compatible registry. Confluent's Java artifacts are not on Maven Central, so this
 * package writes the format itself: {@link io.nowcast.serde.AvroSerializer}, {@link
 * io.nowcast.serde.AvroDeserializer} and {@link io.nowcast.serde.AvroSerde}, configured with
 * Confluent's key names declared in {@link io.nowcast.serde.SerdeConfig}.
 *
 * <p>{@link io.nowcast.serde.SchemaRegistry} has two implementations: the REST client ({@link
 * io.nowcast.serde.RestSchemaRegistry}, with caching, failover and retries) and the in-memory
 * registry behind {@code mock://scope} URLs for unit tests and the demo. {@link
 * io.nowcast.serde.SchemaRegistries#fromConfig} picks one from the URL.
 *
 * <p>Users' topics rarely carry our schema, so {@link io.nowcast.serde.RecordMapping} reads any
 * Avro record or JSON object by configured field paths, and {@link
 * io.nowcast.serde.SensorReadingDeserializer} puts format and mapping behind one Kafka
 * deserializer. Every failure is a Kafka {@code SerializationException} naming the topic and what
 * was wrong, so Kafka Streams can dead-letter the record. See {@code docs/serde.md}.
 */
package io.nowcast.serde;
