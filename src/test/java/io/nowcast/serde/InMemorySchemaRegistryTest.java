package io.nowcast.serde;

import static io.nowcast.serde.AvroSerdeTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

  private static final String SCOPE = "in-memory-test";
  private static final Schema V1 = SchemaBuilder.record("R").fields().requiredInt("a").endRecord();
  private static final Schema V2_WITH_DEFAULT =
      SchemaBuilder.record("R")
          .fields()
          .requiredInt("a")
          .name("b")
          .type()
          .intType()
          .intDefault(0)
          .endRecord();
  private static final Schema V2_WITHOUT_DEFAULT =
      SchemaBuilder.record("R").fields().requiredInt("a").requiredInt("b").endRecord();

  @AfterEach
  void drop() {
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void oneInstancePerScopeUntilDropped() {
    InMemorySchemaRegistry first = InMemorySchemaRegistry.forScope(SCOPE);
    assertSame(first, InMemorySchemaRegistry.forScope(SCOPE));
    InMemorySchemaRegistry.dropScope(SCOPE);
    assertNotSame(first, InMemorySchemaRegistry.forScope(SCOPE));
  }

  @Test
  void idsAreGlobalAndRegistrationIsIdempotent() {
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
    int id = registry.register("a", V1);
    assertEquals(id, registry.register("a", V1));
    assertEquals(id, registry.register("b", V1), "same schema, other subject: same id");
    assertEquals(1, registry.latest("b").version());
    assertEquals(V1, registry.getById(id));
  }

  @Test
  void backwardIsTheDefaultAndRefusesANewFieldWithoutDefault() {
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
    int v1 = registry.register("r", V1);
    int v2 = registry.register("r", V2_WITH_DEFAULT);
    assertNotEquals(v1, v2);
    assertEquals(new RegisteredSchema(v2, 2, V2_WITH_DEFAULT), registry.latest("r"));
    assertFalse(registry.testCompatibility("r", withNewRequired()));
    SchemaRegistryException e =
        assertThrows(
            SchemaRegistryException.class, () -> registry.register("r", withNewRequired()));
    assertEquals(409, e.httpStatus());
    assertMessage(e, "subject 'r'", "BACKWARD", "c");
  }

  @Test
  void levelNoneAcceptsAnythingPerSubject() {
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
    registry.register("r", V1);
    registry.setCompatibility("r", CompatibilityLevel.NONE);
    assertTrue(registry.testCompatibility("r", V2_WITHOUT_DEFAULT));
    registry.register("r", V2_WITHOUT_DEFAULT);
    assertEquals(2, registry.latest("r").version());
  }

  @Test
  void forwardChecksThatOldReadersCanReadNewData() {
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
    registry.setCompatibility(SchemaRegistry.GLOBAL, CompatibilityLevel.FORWARD);
    registry.register("r", V2_WITH_DEFAULT);
    assertFalse(
        registry.testCompatibility(
            "r", SchemaBuilder.record("R").fields().requiredString("a").endRecord()));
    assertTrue(registry.testCompatibility("r", V1), "the old reader defaults b");
  }

  @Test
  void unknownSubjectAndIdAreNotFound() {
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
    assertEquals(
        SchemaRegistryException.SUBJECT_NOT_FOUND,
        assertThrows(SchemaRegistryException.class, () -> registry.latest("none")).errorCode());
    assertEquals(
        SchemaRegistryException.SCHEMA_NOT_FOUND,
        assertThrows(SchemaRegistryException.class, () -> registry.getById(9)).errorCode());
  }

  @Test
  void levelNamesParseCaseInsensitively() {
    assertEquals(CompatibilityLevel.FULL_TRANSITIVE, CompatibilityLevel.parse("full_transitive"));
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> CompatibilityLevel.parse("LOOSE")),
        "LOOSE",
        "BACKWARD");
  }

  private static Schema withNewRequired() {
    return SchemaBuilder.record("R")
        .fields()
        .requiredInt("a")
        .name("b")
        .type()
        .intType()
        .intDefault(0)
        .requiredInt("c")
        .endRecord();
  }
}
