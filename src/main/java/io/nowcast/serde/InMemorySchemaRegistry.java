package io.nowcast.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry in the JVM's memory, selected by {@code mock://SCOPE} URLs: every client of one scope
 * shares one instance, so a serializer and a deserializer configured apart still agree on ids.
 * Behaves like Confluent's server: global ids (the same schema gets the same id in every subject),
 * re-registering returns the existing id, and registration is refused with status 409 when the
 * subject's level (BACKWARD by default, as Confluent's) rejects the schema.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

  private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<Schema, Integer> idsBySchema = new HashMap<>();
  private final Map<String, List<RegisteredSchema>> subjects = new HashMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

  /** The shared instance of {@code scope}, created on first use. */
  public static InMemorySchemaRegistry forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
  }

  /** Forgets {@code scope}: the next {@link #forScope} starts empty. For test isolation. */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    for (RegisteredSchema existing : versions) {
      if (existing.schema().equals(schema)) {
        return existing.id();
      }
    }
    String incompatibility = incompatibility(subject, versions, schema);
    if (incompatibility != null) {
      throw new SchemaRegistryException(
          "Schema being registered is incompatible with an earlier schema for subject '"
              + subject
              + "': "
              + incompatibility,
          409,
          SchemaRegistryException.INCOMPATIBLE_SCHEMA);
    }
    int id = idsBySchema.computeIfAbsent(schema, s -> idsBySchema.size() + 1);
    schemasById.putIfAbsent(id, schema);
    versions.add(new RegisteredSchema(id, versions.size() + 1, schema));
    return id;
  }

  @Override
  public synchronized Schema getById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new SchemaRegistryException(
          "Schema " + id + " not found", 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
    }
    return schema;
  }

  @Override
  public synchronized int lookup(String subject, Schema schema) {
    for (RegisteredSchema existing : versionsOf(subject)) {
      if (existing.schema().equals(schema)) {
        return existing.id();
      }
    }
    throw new SchemaRegistryException(
        "Schema not found under subject '" + subject + "'",
        404,
        SchemaRegistryException.SCHEMA_NOT_FOUND);
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<RegisteredSchema> versions = versionsOf(subject);
    return versions.get(versions.size() - 1);
  }

  @Override
  public synchronized boolean testCompatibility(String subject, Schema schema) {
    List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
    return incompatibility(subject, versions, schema) == null;
  }

  @Override
  public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
    if (subject == null) {
      globalLevel = level;
    } else {
      subjectLevels.put(subject, level);
    }
  }

  private List<RegisteredSchema> versionsOf(String subject) {
    List<RegisteredSchema> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaRegistryException(
          "Subject '" + subject + "' not found", 404, SchemaRegistryException.SUBJECT_NOT_FOUND);
    }
    return versions;
  }

  /** Why {@code candidate} breaks the subject's level, or null when it does not. */
  private String incompatibility(
      String subject, List<RegisteredSchema> versions, Schema candidate) {
    CompatibilityLevel level = subjectLevels.getOrDefault(subject, globalLevel);
    List<RegisteredSchema> checked =
        level.transitive() || versions.isEmpty()
            ? versions
            : versions.subList(versions.size() - 1, versions.size());
    for (RegisteredSchema earlier : checked) {
      if (level.checksBackward()) {
        String problem = ReadCompatibility.problem(candidate, earlier.schema());
        if (problem != null) {
          return "new schema cannot read version "
              + earlier.version()
              + " ("
              + level
              + "): "
              + problem;
        }
      }
      if (level.checksForward()) {
        String problem = ReadCompatibility.problem(earlier.schema(), candidate);
        if (problem != null) {
          return "version "
              + earlier.version()
              + " cannot read the new schema ("
              + level
              + "): "
              + problem;
        }
      }
    }
    return null;
  }
}
