package io.nowcast.trainer;

import java.util.List;
import java.util.Locale;

/**
 * What a cycle read from the input topics and what it kept, for the log, the cycle report and
 * metrics.
 *
 * @param topics the input topics read
 * @param keysSeen distinct keys with a usable reading in the window, sampled or not
 * @param keysSampled keys in the training sample (all keys when the budget does not bind)
 * @param readingsRead usable readings read (decoded, mapped, finite), sampled or not
 * @param readingsKept readings kept for training: the sampled keys' newest distinct readings
 * @param unusable records that could not be used (undecodable, unmapped, tombstone, non-finite)
 * @param bytesRead serialized bytes (key and value) of every record read
 * @param storedBytes the most the kept readings and the key counting held at once while reading
 * @param maxPoints the budget, {@code nowcast.trainer.max.points}
 * @param rotation the key sample's rotation (newest record time ÷ {@code nowcast.trainer.interval})
 * @param seconds wall time of reading, from listing the partitions to the last record
 * @param shortRetention input topics whose retention is shorter than {@code
 *     nowcast.trainer.history}, each with its retention ("sensors: 3d"); empty when none
 */
public record ReadReport(
    List<String> topics,
    int keysSeen,
    int keysSampled,
    long readingsRead,
    long readingsKept,
    long unusable,
    long bytesRead,
    long storedBytes,
    int maxPoints,
    long rotation,
    double seconds,
    List<String> shortRetention) {

  public ReadReport {
    topics = List.copyOf(topics);
    shortRetention = List.copyOf(shortRetention);
  }

  /** True when the fleet held more than the budget and only a sample of keys is trained on. */
  public boolean sampled() {
    return keysSampled < keysSeen;
  }

  /** Bytes held per kept reading while reading (NaN when nothing was kept). */
  public double bytesPerReading() {
    return readingsKept == 0 ? Double.NaN : (double) storedBytes / readingsKept;
  }

  /** One line for the log and the command line. */
  public String summaryLine() {
    return String.format(
        Locale.ROOT,
        "read: %d readings of %d keys from %s (%.1f MB, %d unusable) in %.1f s; kept %d readings of"
            + " %d keys (budget %d, sample rotation %d; %.1f MB held, %.1f bytes per reading)%s",
        readingsRead,
        keysSeen,
        topics,
        bytesRead / 1e6,
        unusable,
        seconds,
        readingsKept,
        keysSampled,
        maxPoints,
        rotation,
        storedBytes / 1e6,
        bytesPerReading(),
        shortRetention.isEmpty() ? "" : "; retention shorter than the history: " + shortRetention);
  }
}
