package io.nowcast.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rotating key sample: deterministic, spread, and every key's turn comes. */
class KeySampleTest {

  @Test
  void prioritiesDependOnlyOnTheKeySeedAndRotation() {
    KeySample sample = new KeySample(42, 3);

    assertEquals(
        sample.priority(sample.hash("a")), new KeySample(42, 3).priority(sample.hash("a")));
    assertNotEquals(sample.hash("a"), new KeySample(43, 3).hash("a"), "the seed matters");
    assertNotEquals(
        sample.priority(sample.hash("a")),
        new KeySample(42, 4).priority(sample.hash("a")),
        "the rotation matters");
  }

  @Test
  void theRotationMovesOnOncePerPeriodOfDataTime() {
    Duration hour = Duration.ofHours(1);

    assertEquals(KeySample.rotation(7_200_000, hour), KeySample.rotation(10_799_999, hour));
    assertEquals(3, KeySample.rotation(10_800_000, hour));
  }

  @ParameterizedTest
  @CsvSource({"1000, 50, 60", "2000, 500, 6", "10000, 1000, 16", "300, 7, 130"})
  void everyKeyIsSampledWithinAFewTimesKeysOverSampleRotations(int keys, int sampled, int bound) {
    Set<String> covered = new HashSet<>();
    int rotations = 0;
    while (covered.size() < keys) {
      covered.addAll(lowest(keys, sampled, new KeySample(42, 1_000 + rotations)));
      rotations++;
      assertTrue(rotations <= bound, covered.size() + " of " + keys + " after " + rotations);
    }
  }

  @Test
  void consecutiveRotationsSampleMostlyDifferentKeys() {
    Set<String> first = new HashSet<>(lowest(1_000, 100, new KeySample(42, 5)));
    Set<String> next = new HashSet<>(lowest(1_000, 100, new KeySample(42, 6)));

    first.retainAll(next);

    assertTrue(first.size() < 20, first.size() + " keys in both samples");
  }

  /** The {@code sampled} keys of lowest priority among sensor-0 … sensor-(keys−1). */
  private static List<String> lowest(int keys, int sampled, KeySample sample) {
    List<String> all = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      all.add("sensor-" + k);
    }
    all.sort(
        (a, b) ->
            KeySample.compare(
                sample.priority(sample.hash(a)), a, sample.priority(sample.hash(b)), b));
    return all.subList(0, sampled);
  }
}
