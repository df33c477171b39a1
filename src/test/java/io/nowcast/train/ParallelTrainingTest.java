package io.nowcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training on several threads (members side by side, mini-batches split over workers) gives the
 * model of one thread bit for bit; the training budget caps the epochs; early stopping scores a
 * fixed holdout subsample.
 */
class ParallelTrainingTest {
  private static final List<Series> SERIES =
      List.of(
          TrainingFixtures.ar2("a", 1200, 0.5, 11),
          TrainingFixtures.ar2("b", 900, 0.5, 12),
          TrainingFixtures.noisySine("c", 700, 24, 0.2, 13));

  /**
   * Checksum of parameters, per-epoch losses and holdout MAE of a seed ensemble of three, taken
   * from the single-threaded trainer (members one after another, one thread) with holdout scoring
   * through the engine's per-event code (docs/decisions.md D20). Before the engine scoring the
   * single-threaded trainer gave 3936608794, and every thread count matched that too.
   */
  private static final long SINGLE_THREADED_BEFORE = 3094345521L;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5})
  void everyThreadCountTrainsTheModelOfTheSingleThreadedTrainer(int threads) {
    TrainingSettings settings =
        TrainingFixtures.withEnsemble(TrainingFixtures.small(4, 2, 5), 3).withThreads(threads);

    TrainingResult result = new Trainer(settings, ProgressListener.NONE).train(SERIES);

    assertEquals(SINGLE_THREADED_BEFORE, checksum(result), threads + " threads");
    assertEquals(threads, result.threads());
    assertTrue(result.wallNanos() > 0 && result.wallGflops() > 0, "the wall figures are reported");
  }

  @Test
  void membersTrainingSideBySideReportEveryEpochWithItsMember() {
    TrainingSettings settings =
        TrainingFixtures.withEnsemble(TrainingFixtures.small(3, 0, 5), 3).withThreads(3);
    List<String> seen = new ArrayList<>();

    new Trainer(settings, progress -> seen.add(progress.member() + "/" + progress.members()))
        .train(SERIES);

    assertEquals(9, seen.size());
    for (String member : List.of("1/3", "2/3", "3/3")) {
      assertEquals(3, seen.stream().filter(member::equals).count(), member + " in " + seen);
    }
  }

  @Test
  void aDivergingMemberFailsTheWholeTrainingWithItsOwnError() {
    TrainingSettings raw =
        TrainingFixtures.withEnsemble(TrainingFixtures.unnormalised(), 2).withThreads(2);

    TrainingDivergedException e =
        assertThrows(
            TrainingDivergedException.class,
            () ->
                new Trainer(raw, ProgressListener.NONE)
                    .train(List.of(TrainingFixtures.explodingSine())));

    assertTrue(e.getMessage().contains("diverged"), e.getMessage());
  }

  @Test
  void theStepBudgetCapsTheEpochs() {
    TrainingSettings unlimited = TrainingFixtures.small(4, 0, 5);
    TrainingResult full = new Trainer(unlimited, ProgressListener.NONE).train(SERIES);
    long samples = full.samples();
    TrainingSettings capped =
        TrainingFixtures.withMaxTrainSteps(unlimited, 2 * samples + samples / 2);

    TrainingResult result = new Trainer(capped, ProgressListener.NONE).train(SERIES);

    assertEquals(4, full.epochs());
    assertEquals(2, result.epochs(), "two whole passes fit in 2.5 passes' steps");
    assertEquals(2, result.history().get(0).maxEpochs());
    assertEquals(
        1,
        TrainingFixtures.withMaxTrainSteps(unlimited, 1).epochsFor(samples),
        "at least one epoch");
  }

  @Test
  void earlyStoppingScoresAnEvenlySpreadSubsampleWithinItsReadings() {
    List<Series.Split> splits = new ArrayList<>();
    for (int k = 0; k < 40; k++) {
      splits.add(TrainingFixtures.ar2("k" + k, 100 + k, 0.5, k).split(0.2));
    }
    long total = splits.stream().mapToLong(split -> split.series().size()).sum();

    List<Series.Split> sample = Trainer.holdoutSample(splits, total / 4);

    long taken = sample.stream().mapToLong(split -> split.series().size()).sum();
    assertTrue(taken <= total / 4 && taken > total / 5, taken + " of " + total);
    assertEquals(List.of("k3", "k7", "k11"), keys(sample).subList(0, 3), "every fourth key");
    assertEquals(sample, Trainer.holdoutSample(splits, total / 4), "a fixed subsample");
    assertEquals(splits, Trainer.holdoutSample(splits, 0), "0 scores every key");
    assertEquals(splits, Trainer.holdoutSample(splits, total), "a budget that fits takes all");
    assertEquals(List.of("k0"), keys(Trainer.holdoutSample(splits, 1)), "at least one key");
  }

  private static List<String> keys(List<Series.Split> splits) {
    return splits.stream().map(split -> split.series().key()).toList();
  }

  private static long checksum(TrainingResult result) {
    CRC32 crc = new CRC32();
    ByteBuffer bytes = ByteBuffer.allocate(result.parameters().length * 4);
    for (float value : result.parameters()) {
      bytes.putInt(Float.floatToRawIntBits(value));
    }
    crc.update(bytes.array());
    for (EpochProgress epoch : result.history()) {
      crc.update(
          ByteBuffer.allocate(16)
              .putDouble(epoch.trainLoss())
              .putDouble(epoch.holdoutLoss())
              .array());
    }
    crc.update(ByteBuffer.allocate(8).putDouble(result.challenger().mae()).array());
    return crc.getValue();
  }
}
