package io.nowcast.serde;

import org.apache.avro.Schema;

/**
 * The slice of the Confluent schema-registry API the serdes need. Ids are global across subjects;
 * versions count per subject from 1.
 *
 * <p>Every method fails with {@link SchemaRegistryException} (carrying the HTTP status and the
 * registry's error code when there was an answer).
 */
public interface SchemaRegistry {

  /** The subject-less target of {@link #setCompatibility}: the registry-wide default. */
  String GLOBAL = null;

  /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
  int register(String subject, Schema schema);

  /** The schema with global id {@code id}. */
  Schema getById(int id);

  /** The id of {@code schema} if it is registered under {@code subject}; fails otherwise. */
  int lookup(String subject, Schema schema);

  /** The latest version registered under {@code subject}. */
  RegisteredSchema latest(String subject);

  /** Whether {@code schema} may be registered under {@code subject} at its compatibility level. */
  boolean testCompatibility(String subject, Schema schema);

  /**
   * Sets the level of {@code subject}, or the global default when {@code subject} is {@link
   * #GLOBAL}.
   */
  void setCompatibility(String subject, CompatibilityLevel level);
}
