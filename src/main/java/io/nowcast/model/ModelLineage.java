package io.nowcast.model;

import io.nowcast.avro.ModelSnapshot;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The versions of one model name on the models topic, and its champion: the highest version whose
 * record decodes, is filed under its own {@link ModelKey} and passes {@link
 * SnapshotValidator#forServing()}. The trainer (the champion a challenger must beat, the next
 * version to publish) and the forecaster (the model it serves after a restart) both ask this class,
 * so they agree on the champion by construction.
 *
 * <p>Kafka-free: the caller reads the records and {@link #add adds} them in log order with a
 * decoder of their values. Versions are judged lazily, newest first, and each at most once, so
 * finding the champion decodes only the versions above it plus the champion itself. Not
 * thread-safe.
 */
public final class ModelLineage {

  private final String modelName;
  private final Function<byte[], ModelSnapshot> decoder;

  /** Version → the newest value of its key. */
  private final NavigableMap<Long, byte[]> records = new TreeMap<>();

  private final Map<Long, Verdict> verdicts = new HashMap<>();

  /**
   * @param modelName the name whose versions are kept; records of other names are ignored
   * @param decoder a record value as a snapshot; any runtime exception it throws refuses the
   *     version with the exception's message
   */
  public ModelLineage(String modelName, Function<byte[], ModelSnapshot> decoder) {
    this.modelName = Objects.requireNonNull(modelName, "modelName");
    this.decoder = Objects.requireNonNull(decoder, "decoder");
  }

  /**
   * Folds in one record, in log order: the newest value of a key counts (as compaction keeps it),
   * and a null value (a tombstone) removes the key.
   *
   * @return false, and nothing changes, when the key is not a {@link ModelKey} of this name
   */
  public boolean add(String key, byte[] value) {
    Optional<ModelKey> parsed = ModelKey.tryParse(key).filter(k -> k.isOf(modelName));
    if (parsed.isEmpty()) {
      return false;
    }
    long version = parsed.get().version();
    verdicts.remove(version);
    if (value == null) {
      records.remove(version);
    } else {
      records.put(version, value);
    }
    return true;
  }

  public String modelName() {
    return modelName;
  }

  /** Every version present, valid or not, ascending. */
  public List<Long> versions() {
    return List.copyOf(records.keySet());
  }

  /** The highest version present, valid or not; 0 when there is none. */
  public long highestVersion() {
    return records.isEmpty() ? 0 : records.lastKey();
  }

  /**
   * The version to publish next: above every version present, valid or not, so that a key is never
   * reused.
   */
  public long nextVersion() {
    return highestVersion() + 1;
  }

  /** The highest version that may serve, or empty when none may. */
  public Optional<ValidatedModel> champion() {
    for (long version : records.descendingKeySet()) {
      Verdict verdict = verdict(version);
      if (verdict.model().isPresent()) {
        return verdict.model();
      }
    }
    return Optional.empty();
  }

  /**
   * The versions above the champion (every version when there is none) with the reason each may not
   * serve, newest first.
   */
  public Map<ModelKey, String> refused() {
    Map<ModelKey, String> refused = new LinkedHashMap<>();
    for (long version : records.descendingKeySet()) {
      Verdict verdict = verdict(version);
      if (verdict.model().isPresent()) {
        break;
      }
      refused.put(verdict.key(), verdict.refusal());
    }
    return Collections.unmodifiableMap(refused);
  }

  /**
   * Whether {@code version} may serve, and why not.
   *
   * @throws IllegalArgumentException if the version is not present
   */
  public Verdict verdict(long version) {
    byte[] value = records.get(version);
    if (value == null) {
      throw new IllegalArgumentException(
          "model " + modelName + " has no version " + version + " (versions: " + versions() + ")");
    }
    return verdicts.computeIfAbsent(version, v -> judge(new ModelKey(modelName, v), value));
  }

  private Verdict judge(ModelKey key, byte[] value) {
    ModelSnapshot snapshot;
    try {
      snapshot = decoder.apply(value);
    } catch (RuntimeException e) {
      return Verdict.refused(key, "cannot be decoded: " + e.getMessage());
    }
    if (snapshot == null) {
      return Verdict.refused(key, "decodes to no snapshot");
    }
    try {
      return Verdict.valid(
          key, SnapshotValidator.forServing().validateRecord(key.toString(), snapshot));
    } catch (RuntimeException e) {
      return Verdict.refused(key, e.getMessage());
    }
  }

  /**
   * The judgement of one version: the validated model, or the reason it may not serve.
   *
   * @param key the version's key
   * @param model the model when it may serve
   * @param refusal why it may not, null when it may
   */
  public record Verdict(ModelKey key, Optional<ValidatedModel> model, String refusal) {

    static Verdict valid(ModelKey key, ValidatedModel model) {
      return new Verdict(key, Optional.of(model), null);
    }

    static Verdict refused(ModelKey key, String why) {
      return new Verdict(key, Optional.empty(), why);
    }
  }
}
