package io.nowcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.ModelSnapshot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The champion rule the trainer and the forecaster share. Values are tokens that a test decoder
 * looks up, so each case says plainly which version carries what.
 */
class ModelLineageTest {
  private static final String NAME = "golden";

  private final Map<String, ModelSnapshot> values = new HashMap<>();
  private final List<String> decoded = new ArrayList<>();
  private final ModelLineage lineage =
      new ModelLineage(
          NAME,
          bytes -> {
            String token = new String(bytes, StandardCharsets.UTF_8);
            decoded.add(token);
            ModelSnapshot snapshot = values.get(token);
            if (snapshot == null) {
              throw new IllegalStateException("unknown magic byte");
            }
            return snapshot;
          });

  private byte[] value(String token, ModelSnapshot snapshot) {
    values.put(token, snapshot);
    return token.getBytes(StandardCharsets.UTF_8);
  }

  private static ModelSnapshot version(long version) {
    ModelSnapshot snapshot = TestModels.lstmSnapshot();
    snapshot.setVersion(version);
    return snapshot;
  }

  private static ModelSnapshot withNaN(long version) {
    ModelSnapshot snapshot = version(version);
    ByteBuffer parameters =
        ByteBuffer.wrap(snapshot.getParameters().array().clone()).order(ByteOrder.LITTLE_ENDIAN);
    parameters.putFloat(0, Float.NaN);
    snapshot.setParameters(parameters);
    return snapshot;
  }

  private static byte[] corrupt() {
    return "corrupt".getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theChampionIsTheHighestVersionThatValidatesAndTheNewerOnesSayWhyNot() {
    lineage.add("golden@1", value("v1", version(1)));
    lineage.add("golden@2", value("v2", version(2)));
    lineage.add("golden@3", corrupt());
    lineage.add("golden@4", value("v4", withNaN(4)));
    lineage.add("golden@5", value("v5", version(6)));

    assertEquals(2, lineage.champion().orElseThrow().content().version());
    Map<ModelKey, String> refused = lineage.refused();
    assertEquals(
        List.of(new ModelKey(NAME, 5), new ModelKey(NAME, 4), new ModelKey(NAME, 3)),
        List.copyOf(refused.keySet()),
        "newest first");
    assertEquals(
        "model golden@6: its key must be 'golden@6' (the value's name@version), got 'golden@5'",
        refused.get(new ModelKey(NAME, 5)));
    assertTrue(refused.get(new ModelKey(NAME, 4)).contains("expected a finite value, actual NaN"));
    assertEquals("cannot be decoded: unknown magic byte", refused.get(new ModelKey(NAME, 3)));
  }

  @Test
  void theNextVersionGoesAboveEveryVersionValidOrNot() {
    lineage.add("golden@1", value("v1", version(1)));
    lineage.add("golden@7", corrupt());

    assertEquals(1, lineage.champion().orElseThrow().content().version());
    assertEquals(7, lineage.highestVersion());
    assertEquals(8, lineage.nextVersion());
  }

  @Test
  void anEmptyLineageHasNoChampionAndStartsAtOne() {
    assertTrue(lineage.champion().isEmpty());
    assertEquals(List.of(), lineage.versions());
    assertEquals(Map.of(), lineage.refused());
    assertEquals(1, lineage.nextVersion());
  }

  @Test
  void theNewestRecordOfAKeyCountsAndATombstoneRemovesIt() {
    lineage.add("golden@2", corrupt());
    lineage.add("golden@2", value("v2", version(2)));
    lineage.add("golden@3", value("v3", version(3)));
    lineage.add("golden@3", null);

    assertEquals(List.of(2L), lineage.versions());
    assertEquals(2, lineage.champion().orElseThrow().content().version());
  }

  @Test
  void otherNamesAndKeysNamingNoVersionAreNotPartOfIt() {
    assertFalse(lineage.add("other@9", value("o9", version(9))));
    assertFalse(lineage.add("golden@x", value("x", version(9))));
    assertFalse(lineage.add(null, value("n", version(9))));
    assertTrue(lineage.add("golden@1", value("v1", version(1))));

    assertEquals(List.of(1L), lineage.versions());
  }

  @Test
  void versionsAreOrderedAsNumbers() {
    lineage.add("golden@10", value("v10", version(10)));
    lineage.add("golden@9", value("v9", version(9)));
    lineage.add("golden@2", value("v2", version(2)));

    assertEquals(List.of(2L, 9L, 10L), lineage.versions());
    assertEquals(10, lineage.champion().orElseThrow().content().version());
  }

  @Test
  void findingTheChampionDecodesNothingBelowItAndNothingTwice() {
    lineage.add("golden@1", value("v1", version(1)));
    lineage.add("golden@2", value("v2", version(2)));
    lineage.add("golden@3", corrupt());

    lineage.champion();
    lineage.refused();
    lineage.champion();

    assertEquals(List.of("corrupt", "v2"), decoded);
  }

  @Test
  void anyPresentVersionCanBeJudged() {
    lineage.add("golden@1", value("v1", version(1)));
    lineage.add("golden@2", value("v2", withNaN(2)));

    assertTrue(lineage.verdict(1).model().isPresent());
    assertTrue(lineage.verdict(2).model().isEmpty());
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> lineage.verdict(5));
    assertEquals("model golden has no version 5 (versions: [1, 2])", missing.getMessage());
  }
}
