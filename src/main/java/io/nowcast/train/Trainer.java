package io.nowcast.train;

import io.nowcast.avro.Calibration;
import io.nowcast.features.FeaturePipeline;
import io.nowcast.features.FeatureSpec;
import io.nowcast.model.ModelContent;
import io.nowcast.nn.EnsembleMerge;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains one model on many keys' series and scores it: seeded and reproducible (the same series,
 * settings and seed give bit-identical parameters). See {@code docs/training.md} for the algorithm.
 *
 * <ol>
 *   <li>Each series is split by time into train and holdout; keys too short to train and score are
 *       left out, and if none is left a {@link NotEnoughDataException} names every key and its
 *       counts.
 *   <li>The training parts are featurised ({@link TrainingData}) with the model's own pipeline.
 *   <li>Epochs of stateful truncated BPTT ({@link TrainingLoop}) until the epoch limit (fewer when
 *       the step budget allows fewer passes) or until the holdout loss (on a fixed subsample of the
 *       keys when they are many, {@link #holdoutSample}) has not improved for {@code patience}
 *       epochs; the parameters with the best holdout loss are kept.
 *   <li>With a seed ensemble ({@link TrainingSettings#ensemble()} M &gt; 1), step 3 runs M times,
 *       member m from seed + m (or from block m of a warm-start champion), side by side on the
 *       settings' threads ({@link MemberScheduler}; the result does not depend on them), and the
 *       members are merged into one network forecasting their mean ({@link EnsembleMerge}); the
 *       rest sees only that network.
 *   <li>Per horizon step, a shrinkage factor α ∈ [0, 1] toward repeat-last-value is fitted on the
 *       holdout ({@link ShrinkageFit}); steps where the network does not beat persistence fall back
 *       to it.
 *   <li>The kept network (shrunk), the champion (if any) and repeat-last-value are scored on the
 *       same holdout positions ({@link HoldoutScorer}); the shrunk forecasts' residuals calibrate
 *       the intervals, and the calibration stores the shrinkage.
 * </ol>
 */
public final class Trainer {

  private final TrainingSettings settings;
  private final ProgressListener progress;

  public Trainer(TrainingSettings settings, ProgressListener progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Trains from freshly initialised parameters with no champion to compare against. */
  public TrainingResult train(List<Series> series) {
    return train(series, null, false);
  }

  /**
   * Splits every series with the settings' holdout fraction, then trains.
   *
   * @param champion the model being served, scored on the same holdout; null when there is none
   * @param warmStart start from the champion's parameters when its shape and features match the
   *     settings
   */
  public TrainingResult train(List<Series> series, ModelContent champion, boolean warmStart) {
    List<Series.Split> splits = new ArrayList<>(series.size());
    for (Series one : series) {
      splits.add(one.split(settings.holdoutFraction()));
    }
    return trainOnSplits(splits, champion, warmStart);
  }

  /**
   * Like {@link #train(List, ModelContent, boolean)} with explicit train/holdout borders (e.g. the
   * ETT protocol).
   */
  public TrainingResult trainOnSplits(
      List<Series.Split> splits, ModelContent champion, boolean warmStart) {
    FeaturePipeline pipeline = new FeaturePipeline(settings.features());
    UsableSplits usable = UsableSplits.of(splits, settings.horizon(), settings.minPointsPerKey());
    List<Series> trainingParts = new ArrayList<>();
    for (Series.Split split : usable.splits()) {
      trainingParts.add(split.train());
    }
    TrainingData data = TrainingData.of(pipeline, trainingParts, settings.horizon());
    NetworkSpec memberSpec = settings.networkSpec(pipeline.inputSize());
    int members = settings.ensemble();
    NetworkSpec spec = EnsembleMerge.mergedSpec(memberSpec, members);
    boolean warm = warmStart && canWarmStart(champion, spec);
    List<float[]> starts = warm ? memberStarts(champion, memberSpec) : null;
    List<Series.Split> earlyStopping =
        holdoutSample(usable.splits(), settings.holdoutSamplePoints());
    ProgressListener serialised = serialised(progress);
    List<Network> trained = new ArrayList<>(members);
    for (int m = 0; m < members; m++) {
      trained.add(
          warm
              ? new Network(memberSpec, starts.get(m))
              : Network.initialise(memberSpec, settings.seed() + m));
    }
    long started = System.nanoTime();
    List<TrainingLoop.Outcome> outcomes =
        MemberScheduler.run(
            members,
            settings.seed(),
            settings.threads(),
            member -> {
              if (members > 1) {
                serialised.onMember(member.index(), members);
              }
              return new TrainingLoop(
                      settings,
                      member,
                      trained.get(member.index() - 1),
                      data,
                      pipeline,
                      earlyStopping,
                      serialised)
                  .run();
            });
    long wallNanos = System.nanoTime() - started;
    // One member is served as trained (bit-identical to training without ensembles).
    Network served = members == 1 ? trained.get(0) : merged(memberSpec, spec, trained);
    return score(served, pipeline, usable, data, champion, warm, combined(outcomes), wallNanos);
  }

  /**
   * The splits whose holdout loss decides early stopping: all of them up to {@code points} readings
   * in all, otherwise a fixed subsample spread evenly over the list (key i is taken when ⌊i·r⌋
   * changes, r the share of readings that fits), stopping before it would exceed {@code points}; at
   * least one key. Each chosen key is streamed whole, so its readings all count.
   *
   * @param points the readings allowed; 0 = every split
   */
  static List<Series.Split> holdoutSample(List<Series.Split> splits, long points) {
    long total = 0;
    for (Series.Split split : splits) {
      total += split.series().size();
    }
    if (points == 0 || total <= points) {
      return splits;
    }
    double share = (double) points / total;
    List<Series.Split> sample = new ArrayList<>();
    long taken = 0;
    for (int i = 0; i < splits.size(); i++) {
      int size = splits.get(i).series().size();
      boolean due = Math.floor((i + 1) * share) > Math.floor(i * share);
      if (due && (sample.isEmpty() || taken + size <= points)) {
        sample.add(splits.get(i));
        taken += size;
      }
    }
    return sample.isEmpty() ? List.of(splits.get(0)) : List.copyOf(sample);
  }

  /** {@code listener}, told one thing at a time although members train on several threads. */
  private static ProgressListener serialised(ProgressListener listener) {
    return new ProgressListener() {
      @Override
      public synchronized void onEpoch(EpochProgress progress) {
        listener.onEpoch(progress);
      }

      @Override
      public synchronized void onMember(int member, int members) {
        listener.onMember(member, members);
      }
    };
  }

  /**
   * The members' starting parameters: the champion's blocks (the whole champion for a single
   * network).
   */
  private List<float[]> memberStarts(ModelContent champion, NetworkSpec memberSpec) {
    int members = settings.ensemble();
    return members == 1
        ? List.of(champion.parameters().clone())
        : EnsembleMerge.split(memberSpec, members, champion.parameters());
  }

  private static Network merged(NetworkSpec memberSpec, NetworkSpec spec, List<Network> members) {
    List<float[]> parameters = new ArrayList<>(members.size());
    for (Network member : members) {
      parameters.add(member.parameters());
    }
    return new Network(spec, EnsembleMerge.merge(memberSpec, parameters));
  }

  /**
   * The members' runs as one: histories concatenated in member order (each member's epochs numbered
   * from 1), the last member's best epoch and starting holdout loss, time and steps summed.
   */
  private static TrainingLoop.Outcome combined(List<TrainingLoop.Outcome> outcomes) {
    TrainingLoop.Outcome last = outcomes.get(outcomes.size() - 1);
    if (outcomes.size() == 1) {
      return last;
    }
    List<EpochProgress> history = new ArrayList<>();
    long nanos = 0;
    long steps = 0;
    for (TrainingLoop.Outcome outcome : outcomes) {
      history.addAll(outcome.history());
      nanos += outcome.trainingNanos();
      steps += outcome.trainedSteps();
    }
    return new TrainingLoop.Outcome(
        last.loss(),
        List.copyOf(history),
        last.bestEpoch(),
        last.initialHoldoutLoss(),
        nanos,
        steps);
  }

  private boolean canWarmStart(ModelContent champion, NetworkSpec spec) {
    return champion != null
        && champion.spec().equals(spec)
        && FeatureSpec.parse(champion.features()).equals(settings.features());
  }

  private TrainingResult score(
      Network network,
      FeaturePipeline pipeline,
      UsableSplits usable,
      TrainingData data,
      ModelContent champion,
      boolean warm,
      TrainingLoop.Outcome outcome,
      long wallNanos) {
    List<Series.Split> splits = usable.splits();
    int horizon = settings.horizon();
    ConformalCalibrator calibrator = new ConformalCalibrator(horizon);
    // Three passes: the shrinkage toward persistence is fitted first, the residuals of the shrunk
    // forecasts make the interval offsets, and the last pass reports the served forecasts' scores
    // with the (in-sample) coverage. The parameters are final, so the passes step the network as
    // the forecaster will (a merged ensemble block by block, with the dense step's values).
    Network served = Network.forServing(network.spec(), network.parameters());
    List<Double> shrinkage = HoldoutScorer.fitShrinkage(served, pipeline, splits);
    HoldoutScorer.scoreShrunkNetwork(
        served, pipeline, splits, outcome.loss(), shrinkage, null, calibrator);
    Calibration calibration = calibrator.calibrate(settings.intervalLevel(), shrinkage);
    // The shrinkage lives in the calibration: without one (too small a holdout) none is served.
    List<Double> servedShrinkage = calibration == null ? null : shrinkage;
    HoldoutScore challenger =
        HoldoutScorer.scoreShrunkNetwork(
            served, pipeline, splits, outcome.loss(), servedShrinkage, calibration, null);
    HoldoutScore persistence = HoldoutScorer.scorePersistence(pipeline, splits, horizon);
    HoldoutScore championScore = champion == null ? null : scoreChampion(champion, splits);
    return new TrainingResult(
        network.spec(),
        settings.features().toString(),
        network.parameters().clone(),
        outcome.history(),
        outcome.bestEpoch(),
        outcome.initialHoldoutLoss(),
        challenger,
        championScore,
        persistence,
        calibration,
        calibrator.rule(),
        splits.size(),
        usable.skipped(),
        data.samples(),
        usable.dataStart(),
        usable.dataEnd(),
        settings.seed(),
        warm ? champion.version() : null,
        outcome.trainingNanos(),
        outcome.trainedSteps(),
        settings.ensemble(),
        wallNanos,
        settings.threads());
  }

  private HoldoutScore scoreChampion(ModelContent champion, List<Series.Split> splits) {
    Network network = Network.forServing(champion.spec(), champion.parameters());
    FeaturePipeline pipeline = FeaturePipeline.of(champion.features());
    List<Double> shrinkage =
        champion.calibrationIfAny().map(Calibration::getShrinkage).orElse(null);
    return HoldoutScorer.scoreShrunkNetwork(
        network,
        pipeline,
        splits,
        TrainingLoop.lossOf(champion.spec().output(), settings.loss()),
        shrinkage,
        null,
        null);
  }

  /** The splits long enough to train and score, the keys left out, and the data's time range. */
  record UsableSplits(
      List<Series.Split> splits, List<String> skipped, Instant dataStart, Instant dataEnd) {

    static UsableSplits of(List<Series.Split> splits, int horizon, int minPoints) {
      List<Series.Split> usable = new ArrayList<>();
      List<String> skipped = new ArrayList<>();
      for (Series.Split split : splits) {
        String problem = problemOf(split, horizon, minPoints);
        if (problem == null) {
          usable.add(split);
        } else {
          skipped.add(problem);
        }
      }
      if (usable.isEmpty()) {
        throw new NotEnoughDataException("not enough data to train: " + String.join("; ", skipped));
      }
      long start = Long.MAX_VALUE;
      long end = Long.MIN_VALUE;
      for (Series.Split split : usable) {
        start = Math.min(start, split.series().timestamp(0));
        end = Math.max(end, split.series().timestamp(split.series().size() - 1));
      }
      return new UsableSplits(
          usable, skipped, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end));
    }

    /** Why a key cannot be used, naming it and its counts, or null when it can. */
    private static String problemOf(Series.Split split, int horizon, int minPoints) {
      Series series = split.series();
      String key = "key '" + series.key() + "'";
      if (series.size() < minPoints) {
        return key + " has " + series.size() + " readings, expected at least " + minPoints;
      }
      if (split.trainEnd() <= TrainingData.WARM_UP_READINGS) {
        return key
            + " has "
            + split.trainEnd()
            + " training readings, expected more than "
            + TrainingData.WARM_UP_READINGS;
      }
      if (HoldoutScorer.positions(split, horizon) < 1) {
        return key
            + " has "
            + split.holdoutSize()
            + " holdout readings, expected at least "
            + horizon
            + " (the horizon)";
      }
      return null;
    }
  }
}
