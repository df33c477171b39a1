package io.nowcast.serde;

import org.apache.avro.Schema;

/**
 * One version of a subject.
 *
 * @param id the global schema id, as written into the Confluent wire format
 * @param version the version within its subject, from 1
 * @param schema the parsed schema
 */
public record RegisteredSchema(int id, int version, Schema schema) {}
