package io.nowcast.stream;

import io.nowcast.avro.ModelSnapshot;
import io.nowcast.engine.ServingModel;
import io.nowcast.metrics.NowcastMetrics;
import io.nowcast.model.ModelLineage;
import io.nowcast.model.SnapshotValidator;
import io.nowcast.model.ValidatedModel;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model every forecasting processor of one application instance serves, and the rules for
 * replacing it. Stream threads read it lock-free ({@link #current()}); the global-store thread
 * offers snapshots ({@link #offer}), or a whole stored lineage after a restart ({@link
 * #installChampion}). A snapshot is installed only when it decodes, is filed under its own key,
 * passes {@link SnapshotValidator#forServing()}, has the configured name and a version higher than
 * the installed one; anything else of this name is refused, logged and counted, and the installed
 * model keeps serving. Snapshots of other model names are ignored.
 */
public final class ModelHolder {

  private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);

  private final String modelName;
  private final double defaultIntervalLevel;
  private final Deserializer<ModelSnapshot> snapshots;
  private final NowcastMetrics metrics;
  private final AtomicReference<ServingModel> current = new AtomicReference<>();

  /**
   * @param modelName the only model name served ({@code nowcast.model.name})
   * @param defaultIntervalLevel interval level of models without a calibration
   * @param snapshots decodes the models topic's values (Confluent wire format)
   * @param metrics counts installed and refused snapshots, shows the installed version
   */
  public ModelHolder(
      String modelName,
      double defaultIntervalLevel,
      Deserializer<ModelSnapshot> snapshots,
      NowcastMetrics metrics) {
    this.modelName = Objects.requireNonNull(modelName, "modelName");
    this.defaultIntervalLevel = defaultIntervalLevel;
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** The installed model, or null before the first valid snapshot. */
  public ServingModel current() {
    return current.get();
  }

  /** The installed model's version, or -1 before the first. */
  public long currentVersion() {
    ServingModel model = current.get();
    return model == null ? -1 : model.version();
  }

  /** The served model name. */
  public String modelName() {
    return modelName;
  }

  /**
   * Decodes and, when the rules allow, installs one models-topic record.
   *
   * @param topic the models topic (for the decoder and the messages)
   * @param key the record key, {@code name@version}
   * @param value the raw value; null (a tombstone) is ignored: deleting a record never uninstalls
   * @return what happened to the record
   */
  public synchronized Decision offer(String topic, String key, byte[] value) {
    if (value == null) {
      return Decision.IGNORED;
    }
    ModelSnapshot snapshot;
    try {
      snapshot = snapshots.deserialize(topic, value);
    } catch (RuntimeException e) {
      return refuse(key, "cannot be decoded: " + e.getMessage());
    }
    if (snapshot == null || !modelName.equals(snapshot.getName())) {
      return Decision.IGNORED;
    }
    return offerDecoded(key, snapshot);
  }

  private Decision offerDecoded(String key, ModelSnapshot snapshot) {
    long installed = currentVersion();
    if (snapshot.getVersion() <= installed) {
      return refuse(
          key,
          "version "
              + snapshot.getVersion()
              + " is not higher than the installed version "
              + installed);
    }
    ValidatedModel validated;
    try {
      validated = SnapshotValidator.forServing().validateRecord(key, snapshot);
    } catch (RuntimeException e) {
      return refuse(key, e.getMessage());
    }
    install(validated, installed);
    return Decision.INSTALLED;
  }

  /** An empty lineage of the served name whose values are decoded as {@link #offer} decodes. */
  public ModelLineage newLineage(String topic) {
    return new ModelLineage(modelName, value -> snapshots.deserialize(topic, value));
  }

  /**
   * Installs the champion of {@code lineage} when it is newer than the installed model; the
   * versions above the installed one that may not serve are refused, logged and counted.
   *
   * @return INSTALLED, or IGNORED when the lineage has nothing newer that may serve
   */
  public synchronized Decision installChampion(ModelLineage lineage) {
    long installed = currentVersion();
    Optional<ValidatedModel> champion = lineage.champion();
    lineage.refused().entrySet().stream()
        .filter(refused -> refused.getKey().version() > installed)
        .forEach(refused -> refuse(refused.getKey().toString(), refused.getValue()));
    if (champion.isEmpty() || champion.get().content().version() <= installed) {
      return Decision.IGNORED;
    }
    install(champion.get(), installed);
    return Decision.INSTALLED;
  }

  private void install(ValidatedModel model, long previous) {
    current.set(ServingModel.from(model, defaultIntervalLevel));
    metrics.modelInstalled(model.content().version());
    LOG.info("Installed model {} (was version {})", model.key(), previous);
  }

  private Decision refuse(String key, String why) {
    metrics.modelRefused();
    LOG.warn(
        "Refused model record '{}': {}; model version {} keeps serving",
        key,
        why,
        currentVersion());
    return Decision.REFUSED;
  }

  /** The fate of one offered record. */
  public enum Decision {
    /** Became the served model. */
    INSTALLED,
    /** Of the served name but unusable (undecodable, invalid, not newer); counted. */
    REFUSED,
    /** A tombstone or another model's record; not counted. */
    IGNORED
  }
}
