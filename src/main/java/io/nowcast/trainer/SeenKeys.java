package io.nowcast.trainer;

/**
 * The keys a cycle has seen, as a set of their 64-bit hashes (open addressing, linear probing, at
 * most half full): 8 to 16 bytes a key instead of a string and a map entry, so that counting a
 * fleet of millions of keys outside the sample stays cheap. Two keys sharing a 64-bit hash would be
 * counted once; with a million keys that happens with a probability of about 3·10⁻⁸.
 */
final class SeenKeys {

  private long[] slots = new long[64];
  private boolean zeroSeen;
  private int size;

  /** Adds {@code hash}; true when it was not there yet. */
  boolean add(long hash) {
    if (hash == 0) {
      boolean added = !zeroSeen;
      zeroSeen = true;
      size += added ? 1 : 0;
      return added;
    }
    int mask = slots.length - 1;
    int slot = (int) (hash ^ (hash >>> 32)) & mask;
    while (slots[slot] != 0) {
      if (slots[slot] == hash) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    slots[slot] = hash;
    size++;
    if (2 * size > slots.length) {
      grow();
    }
    return true;
  }

  int size() {
    return size;
  }

  /** Bytes of the table. */
  long bytes() {
    return 8L * slots.length;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long hash : old) {
      if (hash != 0) {
        int slot = (int) (hash ^ (hash >>> 32)) & mask;
        while (slots[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = hash;
      }
    }
  }
}
