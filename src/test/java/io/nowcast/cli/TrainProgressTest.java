package io.nowcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.train.EpochProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrainProgressTest {

  private static final EpochProgress HALF_WAY =
      new EpochProgress(
          5, 10, 0.25, 0.5, 0.4, Duration.ofMillis(2500), Duration.ofMillis(2500), 1, 1);

  @Test
  void aTerminalGetsABarRedrawnInPlace() {
    StringWriter err = new StringWriter();
    TrainProgress progress = new TrainProgress(new PrintWriter(err), true);

    progress.onEpoch(HALF_WAY);
    progress.finish();

    String expectedBar = "\r[" + "#".repeat(15) + ".".repeat(15) + "] epoch 5/10";
    assertTrue(err.toString().startsWith(expectedBar), err.toString());
    assertTrue(err.toString().endsWith(System.lineSeparator()), "finish ends the bar's line");
  }

  @Test
  void aPipeGetsOneLogLinePerEpoch() {
    StringWriter err = new StringWriter();

    new TrainProgress(new PrintWriter(err), false).onEpoch(HALF_WAY);

    assertEquals(
        "train: epoch 5/10  train 0.25000  holdout 0.50000  best 0.40000  elapsed 2.5s  eta 2.5s"
            + System.lineSeparator(),
        err.toString());
  }

  @Test
  void ensembleMembersAreNamedOnEveryLine() {
    StringWriter err = new StringWriter();
    TrainProgress progress = new TrainProgress(new PrintWriter(err), false);

    progress.onEpoch(
        new EpochProgress(
            5, 10, 0.25, 0.5, 0.4, Duration.ofMillis(2500), Duration.ofMillis(2500), 2, 3));

    assertTrue(
        err.toString().startsWith("train: member 2/3  epoch 5/10  train 0.25000"), err.toString());
  }
}
