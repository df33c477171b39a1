package io.nowcast.train;

/** Told after every epoch; the command line renders it as a progress bar or log lines. */
@FunctionalInterface
public interface ProgressListener {

  /** Ignores progress. */
  ProgressListener NONE = progress -> {};

  void onEpoch(EpochProgress progress);
}
