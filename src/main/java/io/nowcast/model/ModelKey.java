package io.nowcast.model;

import io.nowcast.avro.ModelSnapshot;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * The key of one snapshot on the models topic, {@code name@version}: the only place that builds,
 * parses and orders it. The key carries the version, so a new version never overwrites an older one
 * under compaction, and a reader can tell the versions of a name apart without decoding the values.
 *
 * <p>The name may itself contain {@code @}: the version follows the last one. {@link #parse}
 * accepts only the canonical form {@link #toString()} writes (no sign, no leading zeros), so that
 * one snapshot has exactly one key.
 *
 * @param name the model name (not validated here: {@link SnapshotValidator} refuses a blank one)
 * @param version the version (likewise)
 */
public record ModelKey(String name, long version) implements Comparable<ModelKey> {

  private static final char SEPARATOR = '@';

  /** Name first, then version: the versions of one name in ascending order. */
  private static final Comparator<ModelKey> ORDER =
      Comparator.comparing(ModelKey::name).thenComparingLong(ModelKey::version);

  public ModelKey {
    Objects.requireNonNull(name, "name");
  }

  /** The key a snapshot is published under. */
  public static ModelKey of(ModelSnapshot snapshot) {
    return new ModelKey(snapshot.getName(), snapshot.getVersion());
  }

  /**
   * The name and version a key names.
   *
   * @throws IllegalArgumentException if {@code key} is not {@code name@version} in canonical form
   */
  public static ModelKey parse(String key) {
    return tryParse(key)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "models topic key: expected name@version (e.g. 'plant@3'), got '" + key + "'"));
  }

  /** Like {@link #parse}, empty for a null or malformed key instead of an exception. */
  public static Optional<ModelKey> tryParse(String key) {
    if (key == null) {
      return Optional.empty();
    }
    int at = key.lastIndexOf(SEPARATOR);
    if (at < 0) {
      return Optional.empty();
    }
    try {
      ModelKey parsed = new ModelKey(key.substring(0, at), Long.parseLong(key.substring(at + 1)));
      return parsed.toString().equals(key) ? Optional.of(parsed) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether this key belongs to model {@code modelName}. */
  public boolean isOf(String modelName) {
    return name.equals(modelName);
  }

  @Override
  public int compareTo(ModelKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return name + SEPARATOR + version;
  }
}
