package io.nowcast.train;

/**
 * Told after every epoch (and before every ensemble member); the command line renders it as a
 * progress bar or log lines.
 */
@FunctionalInterface
public interface ProgressListener {

  /** Ignores progress. */
  ProgressListener NONE = progress -> {};

  void onEpoch(EpochProgress progress);

  /**
   * Told before member {@code member} (1-based) of a seed ensemble of {@code members} starts its
   * epochs, only when there is more than one; the epochs that follow are that member's.
   */
  default void onMember(int member, int members) {}
}
