package io.nowcast.avro;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Avro 1.12.1+ loads generated classes by name only when they are trusted (a guard against
 * deserialisation gadgets), and specific reading and record defaults do load them. Our own
 * generated package is trusted here, once per JVM, on top of whatever was trusted before (including
 * the {@code org.apache.avro.SERIALIZABLE_*} system properties). Users' own generated classes still
 * need those properties.
 */
public final class GeneratedClassTrust {

  /** The package of the classes generated from {@code schemas/*.avsc}. */
  public static final String GENERATED_PACKAGE = "io.nowcast.avro";

  private static boolean installed;

  private GeneratedClassTrust() {}

  /** Adds {@link #GENERATED_PACKAGE} to Avro's JVM-wide trusted classes; idempotent. */
  public static synchronized void trustGeneratedSchemas() {
    if (installed) {
      return;
    }
    ClassSecurityPredicate ours = type -> GENERATED_PACKAGE.equals(type.getPackageName());
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours));
    installed = true;
  }
}
