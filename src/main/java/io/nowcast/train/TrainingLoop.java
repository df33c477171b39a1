package io.nowcast.train;

import io.nowcast.features.FeaturePipeline;
import io.nowcast.nn.Backprop;
import io.nowcast.nn.BatchState;
import io.nowcast.nn.Gradients;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.SequenceBatch;
import io.nowcast.nn.WorkerTeam;
import io.nowcast.nn.optim.Adam;
import io.nowcast.nn.optim.GaussianNll;
import io.nowcast.nn.optim.GradientClipping;
import io.nowcast.nn.optim.Huber;
import io.nowcast.nn.optim.LossFunction;
import io.nowcast.nn.optim.MeanSquaredError;
import io.nowcast.nn.optim.NonFiniteGradientException;
import io.nowcast.nn.optim.Optimizer;
import io.nowcast.nn.optim.Pinball;
import io.nowcast.nn.optim.RmsProp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The epochs of one training run: mini-batches of stateful truncated BPTT, an optimiser step per
 * chunk, the holdout loss after every epoch, early stopping and keeping the best parameters. All
 * buffers (one {@link Backprop}, batch, state and gradients) are allocated once per run, so a chunk
 * allocates nothing. Updates the network's parameters in place; on return they are the best ones.
 *
 * <p>Each epoch's chunks are split over the workers the {@link Member} is granted for that epoch
 * ({@link Backprop} computes the same bits for any number), so a member that is left training alone
 * takes over the threads the finished members gave back.
 */
final class TrainingLoop {

  /**
   * Mixed into the seed for the batching stream, so it differs from the initialisation's stream.
   */
  private static final long BATCHING_SALT = 0x5EED_BA7C_4E55L;

  private final TrainingSettings settings;
  private final Member member;
  private final Network network;
  private final TrainingData data;
  private final FeaturePipeline pipeline;
  private final List<Series.Split> holdout;
  private final ProgressListener progress;
  private final LossFunction loss;
  private final Optimizer optimizer;
  private final WorkerTeam team;
  private final Backprop backprop;
  private final BatchState state;
  private final SequenceBatch batch;
  private final Gradients gradients;
  private final SplittableRandom random;
  private long trainingNanos;
  private long trainedSteps;

  /** What the loop did. */
  record Outcome(
      LossFunction loss,
      List<EpochProgress> history,
      int bestEpoch,
      double initialHoldoutLoss,
      long trainingNanos,
      long trainedSteps) {}

  /**
   * Which ensemble member a loop trains, and how it shares the machine with the others.
   *
   * @param seed seed of the batching stream: the settings' seed, or seed + m for ensemble member m
   * @param index 1-based member index (1 for a single network)
   * @param count members in the ensemble
   * @param workers asked before every epoch how many threads the member may use
   * @param cancelled asked before every epoch; true ends the run with a {@link
   *     CancellationException} (another member failed)
   */
  record Member(long seed, int index, int count, IntSupplier workers, BooleanSupplier cancelled) {}

  /**
   * @param holdout the splits whose holdout loss decides early stopping
   */
  TrainingLoop(
      TrainingSettings settings,
      Member member,
      Network network,
      TrainingData data,
      FeaturePipeline pipeline,
      List<Series.Split> holdout,
      ProgressListener progress) {
    NetworkSpec spec = network.spec();
    this.settings = settings;
    this.member = member;
    this.network = network;
    this.data = data;
    this.pipeline = pipeline;
    this.holdout = holdout;
    this.progress = progress;
    this.loss = lossOf(spec.output(), settings.loss());
    this.optimizer = optimizerOf(settings, network.parameters().length);
    // Threads only when there are several; run() stops them.
    this.team =
        settings.threads() > 1
            ? new WorkerTeam(settings.threads(), "nowcast-train-member-" + member.index())
            : null;
    this.backprop = new Backprop(spec, settings.chunkLength(), settings.batchSize(), team);
    this.state = new BatchState(spec, settings.batchSize());
    this.batch =
        new SequenceBatch(
            settings.chunkLength(), settings.batchSize(), spec.inputSize(), spec.horizon());
    this.gradients = new Gradients(spec);
    this.random = new SplittableRandom(member.seed() ^ BATCHING_SALT);
  }

  /** The settings' loss for point heads, Gaussian NLL for probabilistic ones. */
  static LossFunction lossOf(OutputKind output, TrainingSettings.LossKind kind) {
    if (output == OutputKind.PROBABILISTIC) {
      return new GaussianNll();
    }
    return switch (kind) {
      case MSE -> new MeanSquaredError();
      // Pinball at the median is |e|/2: the absolute error, halved (Adam does not care about the
      // factor).
      case MAE -> new Pinball(0.5);
      case HUBER -> new Huber(1.0);
    };
  }

  private static Optimizer optimizerOf(TrainingSettings settings, int parameters) {
    return switch (settings.optimizer()) {
      case ADAM -> new Adam(parameters, settings.learningRate());
      case RMSPROP -> new RmsProp(parameters, settings.learningRate());
    };
  }

  /** Runs the epochs; the member's threads are stopped on return. */
  Outcome run() {
    try {
      return runEpochs();
    } finally {
      if (team != null) {
        team.close();
      }
    }
  }

  private Outcome runEpochs() {
    long started = System.nanoTime();
    int maxEpochs = settings.epochsFor(data.samples());
    double initial = holdoutLoss(0);
    float[] best = network.parameters().clone();
    double bestLoss = initial;
    int bestEpoch = 0;
    List<EpochProgress> history = new ArrayList<>();
    for (int epoch = 1; epoch <= maxEpochs; epoch++) {
      if (member.cancelled().getAsBoolean()) {
        throw new CancellationException("member " + member.index() + " cancelled");
      }
      backprop.useWorkers(Math.max(1, member.workers().getAsInt()));
      double trainLoss = runEpoch(epoch);
      double holdoutLoss = holdoutLoss(epoch);
      if (holdoutLoss < bestLoss) {
        bestLoss = holdoutLoss;
        bestEpoch = epoch;
        System.arraycopy(network.parameters(), 0, best, 0, best.length);
      }
      history.add(progressOf(epoch, maxEpochs, trainLoss, holdoutLoss, bestLoss, started));
      progress.onEpoch(history.get(history.size() - 1));
      if (settings.patience() > 0 && epoch - bestEpoch >= settings.patience()) {
        break;
      }
      optimizer.setLearningRate(optimizer.learningRate() * settings.learningRateDecay());
    }
    System.arraycopy(best, 0, network.parameters(), 0, best.length);
    return new Outcome(loss, List.copyOf(history), bestEpoch, initial, trainingNanos, trainedSteps);
  }

  private EpochProgress progressOf(
      int epoch,
      int maxEpochs,
      double trainLoss,
      double holdoutLoss,
      double bestLoss,
      long started) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    Duration eta = elapsed.dividedBy(epoch).multipliedBy(maxEpochs - epoch);
    return new EpochProgress(
        epoch,
        maxEpochs,
        trainLoss,
        holdoutLoss,
        bestLoss,
        elapsed,
        eta,
        member.index(),
        member.count());
  }

  /** One pass over the training data; returns the mean loss per target over its chunks. */
  private double runEpoch(int epoch) {
    long started = System.nanoTime();
    EpochPlan plan =
        EpochPlan.build(data.keys(), settings.chunkLength(), settings.batchSize(), random);
    state.resetAll();
    double weightedLoss = 0;
    long targets = 0;
    for (int chunk = 0; chunk < plan.chunks(); chunk++) {
      plan.fill(chunk, batch, state);
      int chunkTargets = countTargets(batch.targets());
      if (chunkTargets == 0) {
        // Nothing to learn here, but the state must still advance through the chunk.
        backprop.forward(network, state, batch, null);
        continue;
      }
      weightedLoss += step(epoch, chunk) * chunkTargets;
      targets += chunkTargets;
    }
    trainedSteps += data.samples();
    trainingNanos += System.nanoTime() - started;
    return weightedLoss / targets;
  }

  /**
   * Forward/backward over the filled chunk and one optimiser step; returns the chunk's mean loss.
   */
  private double step(int epoch, int chunk) {
    gradients.zero();
    double chunkLoss = backprop.forwardBackward(network, state, batch, loss, gradients);
    if (!Double.isFinite(chunkLoss)) {
      throw diverged(epoch, chunk, "loss is " + chunkLoss, null);
    }
    try {
      if (settings.clipNorm() > 0) {
        GradientClipping.clipByGlobalNorm(gradients.values(), settings.clipNorm());
      }
    } catch (NonFiniteGradientException e) {
      throw diverged(epoch, chunk, e.getMessage(), e);
    }
    optimizer.step(network.parameters(), gradients.values());
    return chunkLoss;
  }

  private double holdoutLoss(int epoch) {
    double holdoutLoss =
        HoldoutScorer.scoreNetwork(network, pipeline, holdout, loss, null, null).loss();
    if (!Double.isFinite(holdoutLoss)) {
      throw diverged(epoch, -1, "holdout loss is " + holdoutLoss, null);
    }
    return holdoutLoss;
  }

  private TrainingDivergedException diverged(int epoch, int chunk, String what, Throwable cause) {
    String where = chunk < 0 ? "after epoch " + epoch : "in epoch " + epoch + ", chunk " + chunk;
    return new TrainingDivergedException(
        "training diverged "
            + where
            + ": "
            + what
            + " (expected a finite number; try a lower "
            + "nowcast.model.learning.rate or check the data's magnitude); nothing is published",
        cause);
  }

  private static int countTargets(float[] targets) {
    int count = 0;
    for (float target : targets) {
      if (!Float.isNaN(target)) {
        count++;
      }
    }
    return count;
  }
}
