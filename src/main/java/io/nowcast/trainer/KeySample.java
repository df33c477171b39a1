package io.nowcast.trainer;

import java.time.Duration;

/**
 * The order in which keys enter a cycle's training sample: the lowest priorities first.
 *
 * <p>A key's priority is its 64-bit hash (seeded with {@code nowcast.model.seed}) minus the
 * rotation times the golden-ratio constant 2⁶⁴/φ, compared as unsigned numbers. The keys with the
 * lowest priorities are those whose hash lies just above rotation·2⁶⁴/φ on the circle of 64-bit
 * values, an arc that covers the share of keys the budget allows. From one rotation to the next the
 * arc's start moves on by 2⁶⁴/φ (modulo 2⁶⁴), a Weyl sequence: its starts spread over the circle as
 * evenly as any sequence can (the three-distance theorem), so every key falls into some arc after a
 * number of rotations proportional to (keys ÷ keys sampled), even as the fleet and the sample size
 * change between cycles. Nothing random is involved: the same keys, seed and rotation give the same
 * order, whatever order the records arrive in.
 *
 * <p>The rotation is the newest record's timestamp divided by {@code nowcast.trainer.interval}: it
 * moves on as data arrives, once per interval of data, and a replayed history gives the same sample
 * every time it is read.
 */
final class KeySample {

  /** 2⁶⁴/φ, odd: the step of the Weyl sequence of arc starts. */
  static final long GOLDEN_STEP = 0x9E3779B97F4A7C15L;

  private static final long FNV_OFFSET = 0xCBF29CE484222325L;
  private static final long FNV_PRIME = 0x100000001B3L;

  private final long seed;
  private final long rotation;

  KeySample(long seed, long rotation) {
    this.seed = seed;
    this.rotation = rotation;
  }

  /** The rotation of a window whose newest record has {@code newestMillis}. */
  static long rotation(long newestMillis, Duration period) {
    return Math.floorDiv(newestMillis, Math.max(1, period.toMillis()));
  }

  long rotation() {
    return rotation;
  }

  /** The key's seeded 64-bit hash: FNV-1a over its UTF-16 chars, then a 64-bit finaliser. */
  long hash(String key) {
    long hash = FNV_OFFSET ^ seed;
    for (int i = 0; i < key.length(); i++) {
      hash = (hash ^ key.charAt(i)) * FNV_PRIME;
    }
    return mix(hash);
  }

  /** The priority of a key with {@code hash} in this rotation: lower enters the sample first. */
  long priority(long hash) {
    return hash - rotation * GOLDEN_STEP;
  }

  /** Priority order: unsigned, ties (a 2⁻⁶⁴ chance) by key. */
  static int compare(long priority, String key, long otherPriority, String otherKey) {
    int order = Long.compareUnsigned(priority, otherPriority);
    return order != 0 ? order : key.compareTo(otherKey);
  }

  /** MurmurHash3's fmix64: every input bit affects every output bit. */
  private static long mix(long value) {
    long h = value;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }
}
