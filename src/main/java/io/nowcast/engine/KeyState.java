package io.nowcast.engine;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the forecaster remembers about one key, stored as a compact, versioned binary blob
 * (format v2, byte by byte in {@code docs/state-format.md}): the model version it was computed
 * with, the recurrent state, the feature-pipeline state, the last timestamp and value, a ring of
 * the last W raw observations, the pending step-1 forecast, the rolling accuracy counters and the
 * online interval scales. Format v1 (no interval scales) is still read, with neutral scales.
 *
 * <p>Mutable and not thread-safe: one instance per key in flight. Only {@link ForecastEngine}
 * changes it; everyone else reads the accessors or stores {@link #toBytes()}.
 */
public final class KeyState {
  /** The binary format this class writes; {@link #fromBytes} reads this one and every older one. */
  public static final byte FORMAT_VERSION = 2;

  /** The first format: v2 without the trailing interval scale. */
  static final byte FORMAT_V1 = 1;

  /** {@link #modelVersion()} of a state no model has computed yet. */
  public static final long NO_MODEL = -1;

  static final byte[] EMPTY = new byte[0];
  static final double[] NO_STEPS = new double[0];
  static final int[] NO_PROBES = new int[0];

  /** Probes in flight at most per key: each step's scale then moves every ⌈H/4⌉ events. */
  static final int MAX_PROBES = 4;

  /** Version, model version, observations, last timestamp, last value, two length prefixes. */
  private static final int HEADER_BYTES = 1 + 4 * Long.BYTES + 2 * Integer.BYTES;

  private static final int PENDING_BYTES = 1 + Long.BYTES + 3 * Double.BYTES;
  private static final int ACCURACY_BYTES = 8 * Long.BYTES;

  /**
   * The shared scale, the step count, the probe count and clock: the per-step arrays come on top.
   */
  private static final int INTERVAL_SCALE_BYTES = Double.BYTES + 3 * Integer.BYTES;

  private static final byte PENDING_PRESENT = 1;

  long modelVersion = NO_MODEL;
  long observations;
  long lastTimestamp;
  double lastValue;

  /** NetworkState bytes of {@link #modelVersion}'s network; empty without a model. */
  byte[] network = EMPTY;

  /** FeatureState bytes of the pipeline that computed this state; empty before the first event. */
  byte[] features = EMPTY;

  ObservationRing ring;

  boolean pendingPresent;
  long pendingModelVersion;
  double pendingMean;
  double pendingLower;
  double pendingUpper;

  long scoredCount;
  double sumAbsoluteError;
  double sumSquaredError;
  double sumAbsolutePersistenceError;
  long covered;
  long windowStart;
  long windowEnd;

  /** Model version of the latest forecast scored in the current window. */
  long scoredModelVersion;

  /**
   * Multiplier of the model's interval offsets at every step, adapted after every scored step-1
   * forecast so that the key's intervals follow its current error level (see {@link
   * ForecastEngine}); 1 for a new key, after a model change and in states read from format v1.
   */
  double intervalScale = 1;

  /**
   * Per-step multipliers on top of {@link #intervalScale}, adapted from the probe forecasts below
   * so that each step's coverage, not only step 1's, converges to the nominal level. Empty while
   * the model has no intervals to adapt (and in states read from format v1).
   */
  double[] stepScales = NO_STEPS;

  /**
   * Bounds of the probes, forecasts whose steps are scored one by one as their actuals arrive:
   * probe p's step k (0-based) at index p·H + k.
   */
  double[] probeLower = NO_STEPS;

  double[] probeUpper = NO_STEPS;

  /** Per probe, the 0-based step the next actual scores; H when the probe is idle. */
  int[] probeAge = NO_PROBES;

  /**
   * Forecasts since the scales were reset, modulo probes × stride: a probe starts every stride
   * forecasts.
   */
  int probeClock;

  KeyState(int ringCapacity) {
    ring = new ObservationRing(ringCapacity);
  }

  private KeyState(ObservationRing ring) {
    this.ring = ring;
  }

  /** Version of the model the recurrent state was computed with, or {@link #NO_MODEL}. */
  public long modelVersion() {
    return modelVersion;
  }

  /** Event time (epoch millis) of the last processed observation; 0 before the first. */
  public long lastTimestamp() {
    return lastTimestamp;
  }

  /** The last processed value; 0 before the first observation. */
  public double lastValue() {
    return lastValue;
  }

  /**
   * Number of observations processed for this key (skipped events excluded), capped at {@code
   * Integer.MAX_VALUE}.
   */
  public int observations() {
    return (int) Math.min(observations, Integer.MAX_VALUE);
  }

  /** Raw observations currently held for re-warming. */
  public int bufferedObservations() {
    return ring.size();
  }

  /** Bytes {@link #toBytes()} returns now. */
  public int sizeBytes() {
    return sizeBytes(ring.covariateNames());
  }

  private int sizeBytes(List<String> covariateNames) {
    int pending = pendingPresent ? PENDING_BYTES : 1;
    return HEADER_BYTES
        + network.length
        + features.length
        + ring.encodedSize(covariateNames)
        + pending
        + ACCURACY_BYTES
        + INTERVAL_SCALE_BYTES
        + Double.BYTES * stepScales.length
        + probeAge.length * Integer.BYTES
        + 2 * Double.BYTES * probeLower.length;
  }

  /** The binary form v2 (big-endian except the little-endian floats of the recurrent state). */
  public byte[] toBytes() {
    List<String> covariateNames = ring.covariateNames();
    byte[] blob = new byte[sizeBytes(covariateNames)];
    ByteBuffer out = ByteBuffer.wrap(blob);
    out.put(FORMAT_VERSION)
        .putLong(modelVersion)
        .putLong(observations)
        .putLong(lastTimestamp)
        .putDouble(lastValue);
    out.putInt(network.length).put(network);
    out.putInt(features.length).put(features);
    ring.writeTo(out, covariateNames);
    writePending(out);
    out.putLong(scoredCount)
        .putDouble(sumAbsoluteError)
        .putDouble(sumSquaredError)
        .putDouble(sumAbsolutePersistenceError)
        .putLong(covered)
        .putLong(windowStart)
        .putLong(windowEnd)
        .putLong(scoredModelVersion);
    writeIntervalScales(out);
    return blob;
  }

  private void writeIntervalScales(ByteBuffer out) {
    out.putDouble(intervalScale).putInt(stepScales.length);
    for (double scale : stepScales) {
      out.putDouble(scale);
    }
    out.putInt(probeAge.length).putInt(probeClock);
    for (int p = 0; p < probeAge.length; p++) {
      out.putInt(probeAge[p]);
      for (int i = p * stepScales.length; i < (p + 1) * stepScales.length; i++) {
        out.putDouble(probeLower[i]).putDouble(probeUpper[i]);
      }
    }
  }

  private void writePending(ByteBuffer out) {
    if (!pendingPresent) {
      out.put((byte) 0);
      return;
    }
    out.put(PENDING_PRESENT)
        .putLong(pendingModelVersion)
        .putDouble(pendingMean)
        .putDouble(pendingLower)
        .putDouble(pendingUpper);
  }

  /**
   * Reads a blob written by {@link #toBytes()} of this or an earlier format version.
   *
   * @throws IllegalStateException naming the field when the format version is unknown, the blob is
   *     truncated or has trailing bytes, or a field is out of range
   */
  public static KeyState fromBytes(byte[] blob) {
    if (blob == null || blob.length == 0) {
      throw new IllegalStateException(
          "key state: empty blob, expected at least the format version byte");
    }
    byte version = blob[0];
    if (version != FORMAT_V1 && version != FORMAT_VERSION) {
      throw new IllegalStateException(
          "key state: unknown format version "
              + version
              + ", this build reads "
              + FORMAT_V1
              + ".."
              + FORMAT_VERSION
              + " (was the state written by a newer Nowcast?)");
    }
    ByteBuffer in = ByteBuffer.wrap(blob);
    in.get();
    try {
      KeyState state = readV1(in);
      if (version == FORMAT_VERSION) {
        state.readIntervalScales(in);
      }
      if (in.hasRemaining()) {
        throw new IllegalStateException(
            "key state: "
                + in.remaining()
                + " unexpected bytes after the last field"
                + " of format version "
                + version
                + " (blob of "
                + blob.length
                + " bytes)");
      }
      return state;
    } catch (BufferUnderflowException e) {
      throw new IllegalStateException(
          "key state: blob of "
              + blob.length
              + " bytes is truncated at byte "
              + in.position()
              + " (format version "
              + version
              + ")",
          e);
    }
  }

  private void readIntervalScales(ByteBuffer in) {
    intervalScale = positiveScale(in.getDouble(), "interval scale");
    int steps = in.getInt();
    if (steps < 0 || (long) steps * 3 * Double.BYTES > in.remaining()) {
      throw new IllegalStateException(
          "key state: interval step count "
              + steps
              + " does not fit the "
              + in.remaining()
              + " bytes left in the blob");
    }
    stepScales = new double[steps];
    for (int k = 0; k < steps; k++) {
      stepScales[k] = positiveScale(in.getDouble(), "interval scale of step " + (k + 1));
    }
    int probes = in.getInt();
    if (probes != probeCount(steps)) {
      throw new IllegalStateException(
          "key state: "
              + probes
              + " interval probes, expected "
              + probeCount(steps)
              + " for "
              + steps
              + " steps");
    }
    probeClock = in.getInt();
    if (probeClock < 0 || probeClock >= Math.max(1, probes * probeStride(steps))) {
      throw new IllegalStateException("key state: probe clock " + probeClock + " is out of range");
    }
    probeAge = new int[probes];
    probeLower = new double[probes * steps];
    probeUpper = new double[probes * steps];
    for (int p = 0; p < probes; p++) {
      probeAge[p] = in.getInt();
      if (probeAge[p] < 0 || probeAge[p] > steps) {
        throw new IllegalStateException(
            "key state: step " + probeAge[p] + " of probe " + p + " is outside 0.." + steps);
      }
      for (int i = p * steps; i < (p + 1) * steps; i++) {
        probeLower[i] = in.getDouble();
        probeUpper[i] = in.getDouble();
      }
    }
  }

  private static double positiveScale(double scale, String field) {
    if (!(scale > 0 && Double.isFinite(scale))) {
      throw new IllegalStateException(
          "key state: " + field + " must be a positive finite number, was " + scale);
    }
    return scale;
  }

  /**
   * Neutral interval scales for a model of {@code steps} steps (0 when it has no intervals), idle
   * probes.
   */
  void resetIntervalScales(int steps) {
    intervalScale = 1;
    int probes = probeCount(steps);
    if (stepScales.length != steps) {
      stepScales = new double[steps];
      probeLower = new double[probes * steps];
      probeUpper = new double[probes * steps];
      probeAge = new int[probes];
    }
    Arrays.fill(stepScales, 1);
    Arrays.fill(probeAge, steps);
    probeClock = 0;
  }

  /** Events between probe starts for a horizon of {@code steps}: ⌈steps / MAX_PROBES⌉. */
  static int probeStride(int steps) {
    return Math.max(1, (steps + MAX_PROBES - 1) / MAX_PROBES);
  }

  /** Probes in flight for a horizon of {@code steps}: ⌈steps / stride⌉ (0 without steps). */
  static int probeCount(int steps) {
    return (steps + probeStride(steps) - 1) / probeStride(steps);
  }

  /** Reads the fields v1 and v2 share (everything but the interval scale). */
  private static KeyState readV1(ByteBuffer in) {
    long modelVersion = in.getLong();
    long observations = in.getLong();
    long lastTimestamp = in.getLong();
    double lastValue = in.getDouble();
    byte[] network = readSection(in, "network state");
    byte[] features = readSection(in, "feature state");
    KeyState state = new KeyState(ObservationRing.readFrom(in));
    state.modelVersion = modelVersion;
    state.observations = observations;
    state.lastTimestamp = lastTimestamp;
    state.lastValue = lastValue;
    state.network = network;
    state.features = features;
    state.readPending(in);
    state.readAccuracy(in);
    return state;
  }

  private static byte[] readSection(ByteBuffer in, String name) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalStateException(
          "key state: "
              + name
              + " length "
              + length
              + " does not fit the "
              + in.remaining()
              + " bytes left in the blob");
    }
    if (length == 0) {
      return EMPTY;
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  private void readPending(ByteBuffer in) {
    byte flags = in.get();
    if (flags != 0 && flags != PENDING_PRESENT) {
      throw new IllegalStateException(
          "key state: pending forecast flag must be 0 or 1, was " + flags);
    }
    pendingPresent = flags == PENDING_PRESENT;
    if (pendingPresent) {
      pendingModelVersion = in.getLong();
      pendingMean = in.getDouble();
      pendingLower = in.getDouble();
      pendingUpper = in.getDouble();
    }
  }

  private void readAccuracy(ByteBuffer in) {
    scoredCount = in.getLong();
    sumAbsoluteError = in.getDouble();
    sumSquaredError = in.getDouble();
    sumAbsolutePersistenceError = in.getDouble();
    covered = in.getLong();
    windowStart = in.getLong();
    windowEnd = in.getLong();
    scoredModelVersion = in.getLong();
  }

  /** Starts a new accuracy window. */
  void resetAccuracy() {
    scoredCount = 0;
    sumAbsoluteError = 0;
    sumSquaredError = 0;
    sumAbsolutePersistenceError = 0;
    covered = 0;
    windowStart = 0;
    windowEnd = 0;
    scoredModelVersion = 0;
  }

  @Override
  public String toString() {
    return "KeyState{model "
        + modelVersion
        + ", "
        + observations
        + " observations, last "
        + lastTimestamp
        + "="
        + lastValue
        + ", ring "
        + ring.size()
        + "/"
        + ring.capacity()
        + ", "
        + sizeBytes()
        + " bytes}";
  }
}
