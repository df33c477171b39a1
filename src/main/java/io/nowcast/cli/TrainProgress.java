package io.nowcast.cli;

import io.nowcast.train.EpochProgress;
import io.nowcast.train.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Renders training progress on stderr: a progress bar redrawn in place on an interactive terminal,
 * one log line per epoch otherwise (so CI logs and pipes stay readable). Members of a seed ensemble
 * are named on every line ("member 2/3"): they may train side by side, so their epochs interleave.
 */
final class TrainProgress implements ProgressListener {

  private static final int BAR_WIDTH = 30;

  private final PrintWriter err;
  private final boolean interactive;

  TrainProgress(PrintWriter err, boolean interactive) {
    this.err = err;
    this.interactive = interactive;
  }

  /** Interactive when the JVM has a console (stdin and stdout are a terminal). */
  static TrainProgress forTerminal(PrintWriter err) {
    return new TrainProgress(err, System.console() != null);
  }

  @Override
  public void onMember(int member, int members) {
    if (member > 1) {
      // A new member starts a new bar line.
      finish();
    }
  }

  @Override
  public void onEpoch(EpochProgress progress) {
    String member =
        progress.members() > 1
            ? String.format(Locale.ROOT, "member %d/%d  ", progress.member(), progress.members())
            : "";
    String figures =
        member
            + String.format(
                Locale.ROOT,
                "epoch %d/%d  train %.5f  holdout %.5f  best %.5f  elapsed %s  eta %s",
                progress.epoch(),
                progress.maxEpochs(),
                progress.trainLoss(),
                progress.holdoutLoss(),
                progress.bestHoldoutLoss(),
                seconds(progress.elapsed()),
                seconds(progress.eta()));
    if (interactive) {
      err.print("\r" + bar(progress) + " " + figures);
    } else {
      err.println("train: " + figures);
    }
    err.flush();
  }

  /** Ends the bar's line so later output starts on a fresh one. */
  void finish() {
    if (interactive) {
      err.println();
      err.flush();
    }
  }

  private static String bar(EpochProgress progress) {
    int filled = (int) ((long) BAR_WIDTH * progress.epoch() / progress.maxEpochs());
    return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
  }
}
