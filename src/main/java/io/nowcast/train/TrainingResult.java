package io.nowcast.train;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.TrainingInfo;
import io.nowcast.model.ModelContent;
import io.nowcast.nn.EnsembleMerge;
import io.nowcast.nn.NetworkSpec;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one training run: the kept (best holdout) parameters, the scores of challenger,
 * champion and persistence on the same holdout positions, the interval calibration and the
 * provenance that goes into the model's {@link TrainingInfo}.
 *
 * <p>With a seed ensemble ({@code ensemble} M &gt; 1) the parameters and scores are those of the
 * merged network; {@code history} is every member's epochs concatenated in member order (each
 * member's numbered from 1), so {@link #epochs()} is the total epochs trained; {@code bestEpoch},
 * {@code initialHoldoutLoss}, {@link #bestHoldoutLoss()} and {@link #finalTrainLoss()} are the last
 * member's; {@code trainingNanos} and {@code trainedSteps} are sums over the members.
 *
 * @param spec the network shape (the merged one for an ensemble)
 * @param features the canonical feature spec trained with
 * @param parameters the kept parameters (best holdout loss), owned by the result
 * @param history one entry per epoch run
 * @param bestEpoch epoch whose parameters were kept (0 = the starting parameters); the last
 *     member's
 * @param initialHoldoutLoss holdout loss of the starting parameters (random or warm-started)
 * @param challenger the kept parameters on the holdout, with the calibrated intervals' coverage
 *     (in-sample: the same holdout calibrated them) when calibrated
 * @param champion the champion on the same positions (its own pipeline), or null
 * @param persistence repeat-last-value on the same positions
 * @param calibration interval calibration, or null when the holdout was too small
 * @param calibrationRule how the calibration was built (conformal, Gaussian fallback or none)
 * @param keys keys trained on
 * @param skippedKeys keys left out for lack of data, with their counts
 * @param samples training time steps over all keys (holdout excluded)
 * @param dataStart event time of the first training reading
 * @param dataEnd event time of the last reading used (holdout included)
 * @param seed the seed used (member m of an ensemble used seed + m)
 * @param parentVersion version of the warm-start champion, or null
 * @param trainingNanos time spent in forward/backward passes and optimiser steps, summed over the
 *     members (early-stopping scores excluded)
 * @param trainedSteps sequence steps (time step × sequence, padding excluded) run through
 *     forward/backward
 * @param ensemble members merged into the network (1 = a single network)
 * @param wallNanos wall time of training all members (epochs and early-stopping scores), from the
 *     first member's start to the last one's end
 * @param threads threads the training could use
 */
public record TrainingResult(
    NetworkSpec spec,
    String features,
    float[] parameters,
    List<EpochProgress> history,
    int bestEpoch,
    double initialHoldoutLoss,
    HoldoutScore challenger,
    HoldoutScore champion,
    HoldoutScore persistence,
    Calibration calibration,
    ConformalCalibrator.Rule calibrationRule,
    int keys,
    List<String> skippedKeys,
    long samples,
    Instant dataStart,
    Instant dataEnd,
    long seed,
    Long parentVersion,
    long trainingNanos,
    long trainedSteps,
    int ensemble,
    long wallNanos,
    int threads) {

  /** Epochs run (early stopping included), summed over ensemble members. */
  public int epochs() {
    return history.size();
  }

  /** The best holdout loss: that of the kept parameters (of the last member of an ensemble). */
  public double bestHoldoutLoss() {
    if (bestEpoch == 0) {
      return initialHoldoutLoss;
    }
    // The last member's epochs end the history, numbered from 1.
    int lastMemberStart = history.size() - history.get(history.size() - 1).epoch();
    return history.get(lastMemberStart + bestEpoch - 1).holdoutLoss();
  }

  /** Training loss of the last epoch run (of the last member of an ensemble). */
  public double finalTrainLoss() {
    return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).trainLoss();
  }

  /**
   * Training throughput of the compute alone: sequence steps through forward and backward per
   * second of {@code trainingNanos} (with one thread, the single-thread rate).
   */
  public double sequenceStepsPerSecond() {
    return trainingNanos == 0 ? Double.NaN : trainedSteps * 1e9 / trainingNanos;
  }

  /**
   * Effective training GFLOP/s: {@link #sequenceStepsPerSecond()} × {@link
   * TrainingFlops#perSequenceStep} of the network trained (one member: the merged network was never
   * trained).
   */
  public double effectiveGflops() {
    return sequenceStepsPerSecond()
        * TrainingFlops.perSequenceStep(EnsembleMerge.memberSpec(spec, ensemble))
        / 1e9;
  }

  /**
   * What the machine achieved: sequence steps of all members over the training wall time ({@code
   * wallNanos}, early-stopping scores included), × {@link TrainingFlops#perSequenceStep}, in
   * GFLOP/s. Divide by {@link #threads()} for the figure per thread.
   */
  public double wallGflops() {
    return wallNanos == 0
        ? Double.NaN
        : trainedSteps
            * TrainingFlops.perSequenceStep(EnsembleMerge.memberSpec(spec, ensemble))
            / wallNanos;
  }

  /** Sequence steps of all members per second of training wall time. */
  public double wallStepsPerSecond() {
    return wallNanos == 0 ? Double.NaN : trainedSteps * 1e9 / wallNanos;
  }

  /** The model to publish or write: these parameters, the calibration and the provenance. */
  public ModelContent toModelContent(String name, long version, Instant createdAt, String source) {
    TrainingInfo info =
        TrainingInfo.newBuilder()
            .setSource(source)
            .setDataStart(dataStart)
            .setDataEnd(dataEnd)
            .setKeys(keys)
            .setSamples(samples)
            .setSeed(seed)
            .setEpochs(epochs())
            .setTrainLoss(finalTrainLoss())
            .setHoldoutLoss(bestHoldoutLoss())
            .setHoldoutMae(challenger.mae())
            .setChampionMae(champion == null ? null : champion.mae())
            .setPersistenceMae(persistence.mae())
            .setParentVersion(parentVersion)
            .build();
    return new ModelContent(
        name, version, createdAt, spec, features, parameters.clone(), calibration, info);
  }
}
