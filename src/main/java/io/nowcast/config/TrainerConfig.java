package io.nowcast.config;

import io.nowcast.features.FeatureSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The trainer's configuration: the shared keys, the training schedule and data window, and the
 * model hyper-parameters. Enum-like values are returned upper-case so that they match the {@code
 * io.nowcast.nn} enum constants ({@code CellType}, {@code Activation}, {@code OutputKind}).
 */
public final class TrainerConfig extends CommonConfig {

  static final String GROUP_TRAINER = "Trainer";
  static final String GROUP_MODEL = "Model hyper-parameters";

  /**
   * Default feature spec: the value under a running normalisation with a 200-reading half-life, its
   * change since the previous reading as a second input, and forecasts as changes from the last
   * value ({@code target=delta}, so the untrained network already repeats the last value). Chosen
   * on the validation splits of ETTh1 and the five NAB files (docs/decisions.md, D9).
   */
  static final String DEFAULT_FEATURES = "value,norm=ew(200),target=delta,diff";

  /**
   * Two layers of 32: as good as 64,64 on the validation splits (better on ETT) and about 3× faster
   * to train.
   */
  static final String DEFAULT_LAYERS = "32,32";

  /**
   * Epochs without improvement before early stopping: 20 scored better than 10 on the validation
   * splits (which are also the early-stopping splits, so the gain is partly optimistic).
   */
  static final int DEFAULT_PATIENCE = 20;

  static final String DEFAULT_LOSS = "mse";

  /**
   * The training budget: a cycle over 2,000 keys × 2,016 readings (read from Kafka) stays within
   * 300 s on 2 cores with -Xmx1g (docs/decisions.md D22).
   */
  static final int DEFAULT_MAX_POINTS = 1_000_000;

  /** About ten epochs over a full default budget's training part (docs/decisions.md D22). */
  static final long DEFAULT_MAX_TRAIN_STEPS = 8_000_000L;

  /**
   * Above the longest single-file series we validate on (NAB, ETT), so those runs score every key.
   */
  static final int DEFAULT_HOLDOUT_SAMPLE_POINTS = 100_000;

  static final int DEFAULT_ENSEMBLE = 3;
  public static final String INTERVAL = "nowcast.trainer.interval";
  public static final String HISTORY = "nowcast.trainer.history";
  public static final String MAX_POINTS_PER_KEY = "nowcast.trainer.max.points.per.key";
  public static final String MIN_POINTS_PER_KEY = "nowcast.trainer.min.points.per.key";
  public static final String MAX_POINTS = "nowcast.trainer.max.points";
  public static final String THREADS = "nowcast.trainer.threads";
  public static final String MAX_TRAIN_STEPS = "nowcast.trainer.max.train.steps";
  public static final String HOLDOUT_SAMPLE_POINTS = "nowcast.trainer.holdout.sample.points";
  public static final String HOLDOUT_FRACTION = "nowcast.trainer.holdout.fraction";
  public static final String WARM_START = "nowcast.trainer.warm.start";
  public static final String BROKER_TIMEOUT = "nowcast.trainer.broker.timeout";
  public static final String CELL = "nowcast.model.cell";
  public static final String ACTIVATION = "nowcast.model.activation";
  public static final String LAYERS = "nowcast.model.layers";
  public static final String HORIZON = "nowcast.model.horizon";
  public static final String OUTPUT = "nowcast.model.output";
  public static final String INTERVAL_LEVEL = "nowcast.model.interval.level";
  public static final String FEATURES = "nowcast.model.features";
  public static final String CHUNK_LENGTH = "nowcast.model.chunk.length";
  public static final String BATCH_SIZE = "nowcast.model.batch.size";
  public static final String LEARNING_RATE = "nowcast.model.learning.rate";
  public static final String OPTIMIZER = "nowcast.model.optimizer";
  public static final String CLIP_NORM = "nowcast.model.clip.norm";
  public static final String EPOCHS = "nowcast.model.epochs";
  public static final String PATIENCE = "nowcast.model.patience";
  public static final String LOSS = "nowcast.model.loss";
  public static final String SEED = "nowcast.model.seed";
  public static final String ENSEMBLE = "nowcast.model.ensemble";

  /**
   * Parses and validates {@code originals}.
   *
   * @param extras key definitions of other packages, merged in (each key declared once overall)
   */
  public TrainerConfig(Map<?, ?> originals, ConfigDef... extras) {
    super(configDef(extras), originals, CommonConfig.keyNames(NowcastKeys.all(extras)));
    if (minPointsPerKey() > maxPointsPerKey()) {
      throw new ConfigException(
          MIN_POINTS_PER_KEY,
          minPointsPerKey(),
          "must not exceed " + MAX_POINTS_PER_KEY + " (" + maxPointsPerKey() + ")");
    }
    if (maxPoints() < minPointsPerKey()) {
      throw new ConfigException(
          MAX_POINTS,
          maxPoints(),
          "must be at least "
              + MIN_POINTS_PER_KEY
              + " ("
              + minPointsPerKey()
              + "), or no key could ever be trained on");
    }
  }

  /** The shared keys, the trainer's keys and {@code extras}. */
  public static ConfigDef configDef(ConfigDef... extras) {
    return merge(define(CommonConfig.define(new ConfigDef())), extras);
  }

  /** Adds the trainer's own keys to {@code definition}; returns it. */
  static ConfigDef define(ConfigDef definition) {
    defineSchedule(new KeyDeclarer(definition, GROUP_TRAINER));
    defineModel(new KeyDeclarer(definition, GROUP_MODEL));
    return definition;
  }

  private static void defineSchedule(KeyDeclarer keys) {
    keys.add(
        INTERVAL,
        ConfigDef.Type.STRING,
        "1h",
        Validators.duration(),
        "Time between training cycles when not run with --once.");
    keys.add(
        HISTORY,
        ConfigDef.Type.STRING,
        "7d",
        Validators.duration(),
        "Length of the history window read for training, measured back from the newest record in the input "
            + "topics (not from the wall clock, so replayed history works).");
    keys.add(
        MAX_POINTS_PER_KEY,
        ConfigDef.Type.INT,
        10_000,
        ConfigDef.Range.atLeast(1),
        "At most this many most recent readings per key are used.");
    keys.add(
        MAX_POINTS,
        ConfigDef.Type.INT,
        DEFAULT_MAX_POINTS,
        ConfigDef.Range.atLeast(1),
        "Readings kept per cycle over all keys, the training budget: when the keys in the window hold more "
            + "(each capped at "
            + MAX_POINTS_PER_KEY
            + "), a deterministic sample of keys is trained on, each with its newest readings, and the "
            + "sample rotates every "
            + INTERVAL
            + " of data so that every key is trained on in turn (docs/trainer.md). Bounds the trainer's "
            + "memory and the time of an epoch.");
    keys.add(
        MIN_POINTS_PER_KEY,
        ConfigDef.Type.INT,
        100,
        ConfigDef.Range.atLeast(1),
        "Keys with fewer readings in the window are left out; no key qualifying means 'not enough data'.");
    keys.add(
        HOLDOUT_FRACTION,
        ConfigDef.Type.DOUBLE,
        0.2,
        Validators.openUnitInterval(),
        "Fraction of each key's readings, the most recent ones, held out to score challenger, champion and "
            + "persistence.");
    keys.add(
        HOLDOUT_SAMPLE_POINTS,
        ConfigDef.Type.INT,
        DEFAULT_HOLDOUT_SAMPLE_POINTS,
        ConfigDef.Range.atLeast(0),
        "Early stopping scores the holdout after every epoch on a fixed subsample of the keys holding about "
            + "this many readings (every key's whole series is streamed to warm it up); the published scores, "
            + "shrinkage and calibration use every key. 0 = every key.");
    keys.add(
        THREADS,
        ConfigDef.Type.INT,
        0,
        ConfigDef.Range.atLeast(0),
        "Threads training uses: ensemble members train side by side and each member's mini-batches are split "
            + "over its share of the threads. The model is bit for bit the same for any number. 0 = the "
            + "available processors.");
    keys.add(
        MAX_TRAIN_STEPS,
        ConfigDef.Type.LONG,
        DEFAULT_MAX_TRAIN_STEPS,
        ConfigDef.Range.atLeast(0),
        "Sequence steps each ensemble member trains on per cycle, all epochs together (an epoch over n training "
            + "readings costs n): with much data, fewer than "
            + EPOCHS
            + " epochs run, so a cycle's training time is bounded whatever the fleet's size. 0 = no limit.");
    keys.add(
        WARM_START,
        ConfigDef.Type.BOOLEAN,
        true,
        null,
        "Start training from the champion's weights when its shape and features match the configured ones.");
    keys.add(
        BROKER_TIMEOUT,
        ConfigDef.Type.STRING,
        "2m",
        Validators.duration(),
        "How long one cycle keeps retrying (with backoff) while the broker is unreachable or slow; with --once the "
            + "trainer then exits 1, otherwise it logs the failure and tries again next interval.");
  }

  private static void defineModel(KeyDeclarer keys) {
    keys.add(
        CELL,
        ConfigDef.Type.STRING,
        "lstm",
        Validators.oneOf("lstm", "gru", "rnn"),
        "Recurrent cell of every layer.");
    keys.add(
        ACTIVATION,
        ConfigDef.Type.STRING,
        "tanh",
        Validators.oneOf("tanh", "relu"),
        "Activation of rnn cells (lstm and gru always use tanh).");
    keys.add(
        LAYERS,
        ConfigDef.Type.LIST,
        DEFAULT_LAYERS,
        Validators.positiveIntegers(),
        "Hidden units per stacked layer, first layer first.");
    keys.add(
        HORIZON,
        ConfigDef.Type.INT,
        12,
        ConfigDef.Range.between(1, 10_000),
        "Number of future readings each forecast covers.");
    keys.add(
        OUTPUT,
        ConfigDef.Type.STRING,
        "point",
        Validators.oneOf("point", "probabilistic"),
        "point: one mean per step (MSE loss; intervals from calibrated residuals); probabilistic: mean and "
            + "scale per step (Gaussian NLL).");
    keys.add(
        INTERVAL_LEVEL,
        ConfigDef.Type.DOUBLE,
        0.8,
        Validators.openUnitInterval(),
        "Central coverage of the prediction interval calibrated on the holdout and stored in the model, e.g. 0.8 "
            + "for the 10%-90% band; the forecaster serves a calibrated model's interval at this level "
            + "(nowcast.interval.level applies only to models without a calibration).");
    keys.add(
        FEATURES,
        ConfigDef.Type.STRING,
        DEFAULT_FEATURES,
        Validators.featureSpec(),
        "Feature spec of the network input, stored in the model (docs/features.md).");
    keys.add(
        CHUNK_LENGTH,
        ConfigDef.Type.INT,
        32,
        ConfigDef.Range.atLeast(1),
        "Time steps per truncated back-propagation chunk; the recurrent state carries across chunks.");
    keys.add(
        BATCH_SIZE,
        ConfigDef.Type.INT,
        8,
        ConfigDef.Range.atLeast(1),
        "Sequences (keys or segments) trained side by side per mini-batch. Small, so that one series gives many "
            + "optimiser steps per epoch (docs/decisions.md, D9).");
    keys.add(
        LEARNING_RATE, ConfigDef.Type.DOUBLE, 1e-3, Validators.positive(), "Optimizer step size.");
    keys.add(
        OPTIMIZER,
        ConfigDef.Type.STRING,
        "adam",
        Validators.oneOf("adam", "rmsprop"),
        "Optimizer.");
    keys.add(
        CLIP_NORM,
        ConfigDef.Type.DOUBLE,
        1.0,
        Validators.nonNegative(),
        "Gradients are rescaled to at most this global L2 norm; 0 disables clipping.");
    keys.add(
        EPOCHS,
        ConfigDef.Type.INT,
        200,
        ConfigDef.Range.atLeast(1),
        "Maximum passes over the training data; early stopping usually ends training well before.");
    keys.add(
        PATIENCE,
        ConfigDef.Type.INT,
        DEFAULT_PATIENCE,
        ConfigDef.Range.atLeast(0),
        "Stop after this many epochs without validation improvement; 0 disables early stopping.");
    keys.add(
        LOSS,
        ConfigDef.Type.STRING,
        DEFAULT_LOSS,
        Validators.oneOf("mse", "mae", "huber"),
        "Training loss of point heads, also the validation loss early stopping compares: mse (squared error), mae "
            + "(absolute error) or huber (squared within 1 normalised unit of the target, absolute beyond). "
            + "Probabilistic heads always use the Gaussian NLL.");
    keys.add(
        SEED,
        ConfigDef.Type.LONG,
        42L,
        null,
        "Seed of initialisation and shuffling: the same data, config and seed give the same model.");
    // 3 beat the mean single network on every validation split (docs/decisions.md, D10).
    keys.add(
        ENSEMBLE,
        ConfigDef.Type.INT,
        DEFAULT_ENSEMBLE,
        ConfigDef.Range.atLeast(1),
        "Seed ensemble: this many networks trained from seeds seed, seed+1, … and served as one network whose "
            + "forecast is their mean; serving and training cost grow × members (docs/training.md). 1 = a single "
            + "network.");
  }

  public Duration interval() {
    return Durations.parse(getString(INTERVAL));
  }

  public Duration history() {
    return Durations.parse(getString(HISTORY));
  }

  public Duration brokerTimeout() {
    return Durations.parse(getString(BROKER_TIMEOUT));
  }

  public int maxPointsPerKey() {
    return getInt(MAX_POINTS_PER_KEY);
  }

  public int minPointsPerKey() {
    return getInt(MIN_POINTS_PER_KEY);
  }

  /** Readings kept per cycle over all keys. */
  public int maxPoints() {
    return getInt(MAX_POINTS);
  }

  /** Threads training uses: the configured number, or the available processors for 0. */
  public int threads() {
    int configured = getInt(THREADS);
    return configured == 0 ? Runtime.getRuntime().availableProcessors() : configured;
  }

  /** Sequence steps per ensemble member and cycle; 0 = no limit. */
  public long maxTrainSteps() {
    return getLong(MAX_TRAIN_STEPS);
  }

  /** Readings of the early-stopping holdout subsample; 0 = every key. */
  public int holdoutSamplePoints() {
    return getInt(HOLDOUT_SAMPLE_POINTS);
  }

  public double holdoutFraction() {
    return getDouble(HOLDOUT_FRACTION);
  }

  public boolean warmStart() {
    return getBoolean(WARM_START);
  }

  /** {@code LSTM}, {@code GRU} or {@code RNN}. */
  public String cell() {
    return getString(CELL).trim().toUpperCase(Locale.ROOT);
  }

  /** {@code TANH} or {@code RELU}. */
  public String activation() {
    return getString(ACTIVATION).trim().toUpperCase(Locale.ROOT);
  }

  public int[] layers() {
    List<String> layers = getList(LAYERS);
    return layers.stream().mapToInt(units -> Integer.parseInt(units.trim())).toArray();
  }

  public int horizon() {
    return getInt(HORIZON);
  }

  /** {@code POINT} or {@code PROBABILISTIC}. */
  public String output() {
    return getString(OUTPUT).trim().toUpperCase(Locale.ROOT);
  }

  /** Nominal coverage of the calibrated intervals, in (0, 1). */
  public double intervalLevel() {
    return getDouble(INTERVAL_LEVEL);
  }

  public FeatureSpec features() {
    return FeatureSpec.parse(getString(FEATURES));
  }

  public int chunkLength() {
    return getInt(CHUNK_LENGTH);
  }

  public int batchSize() {
    return getInt(BATCH_SIZE);
  }

  public double learningRate() {
    return getDouble(LEARNING_RATE);
  }

  /** {@code ADAM} or {@code RMSPROP}. */
  public String optimizer() {
    return getString(OPTIMIZER).trim().toUpperCase(Locale.ROOT);
  }

  public double clipNorm() {
    return getDouble(CLIP_NORM);
  }

  public int epochs() {
    return getInt(EPOCHS);
  }

  public int patience() {
    return getInt(PATIENCE);
  }

  /** {@code MSE}, {@code MAE} or {@code HUBER}. */
  public String loss() {
    return getString(LOSS).trim().toUpperCase(Locale.ROOT);
  }

  public long seed() {
    return getLong(SEED);
  }

  /** Members of the seed ensemble (1 = a single network). */
  public int ensemble() {
    return getInt(ENSEMBLE);
  }
}
