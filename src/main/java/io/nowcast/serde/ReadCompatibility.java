package io.nowcast.serde;

import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Avro's reader/writer compatibility verdict, as a short message (Avro's own repeats both schemas).
 */
final class ReadCompatibility {

  private ReadCompatibility() {}

  /** Why {@code reader} cannot read data written with {@code writer}, or null when it can. */
  static String problem(Schema reader, Schema writer) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return null;
    }
    return result.getResult().getIncompatibilities().stream()
        .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
        .collect(Collectors.joining("; "));
  }
}
