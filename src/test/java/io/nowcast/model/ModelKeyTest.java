package io.nowcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelKeyTest {

  @Test
  void writesNameAtVersion() {
    assertEquals("plant@12", new ModelKey("plant", 12).toString());
  }

  @Test
  void parsesWhatItWrites() {
    ModelKey key = new ModelKey("plant", 12);

    assertEquals(key, ModelKey.parse(key.toString()));
  }

  @Test
  void theVersionFollowsTheLastAtSoANameMayContainOne() {
    assertEquals(new ModelKey("team@plant", 3), ModelKey.parse("team@plant@3"));
  }

  @Test
  void takesTheKeyOfASnapshot() {
    assertEquals(new ModelKey("golden", 3), ModelKey.of(TestModels.lstmSnapshot()));
  }

  @Test
  void refusesKeysThatAreNotCanonical() {
    for (String malformed : List.of("plant", "plant@", "plant@x", "plant@+3", "plant@03", "@ 3")) {
      assertEquals(Optional.empty(), ModelKey.tryParse(malformed), malformed);
    }
    assertEquals(Optional.empty(), ModelKey.tryParse(null));
  }

  @Test
  void parseNamesTheMalformedKey() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelKey.parse("plant@x"));

    assertEquals(
        "models topic key: expected name@version (e.g. 'plant@3'), got 'plant@x'", e.getMessage());
  }

  @Test
  void ordersByNameThenNumericVersion() {
    List<ModelKey> keys =
        new ArrayList<>(
            List.of(
                new ModelKey("b", 1),
                new ModelKey("a", 10),
                new ModelKey("a", 9),
                new ModelKey("a", 2)));
    keys.sort(null);

    assertEquals(
        List.of(
            new ModelKey("a", 2),
            new ModelKey("a", 9),
            new ModelKey("a", 10),
            new ModelKey("b", 1)),
        keys);
  }

  @Test
  void belongsToItsNameOnly() {
    assertTrue(new ModelKey("plant", 1).isOf("plant"));
    assertFalse(new ModelKey("plant", 1).isOf("plant2"));
  }
}
