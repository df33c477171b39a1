package io.nowcast.train;

import io.nowcast.features.FeaturePipeline;
import io.nowcast.nn.Backprop;
import io.nowcast.nn.BatchState;
import io.nowcast.nn.Gradients;
import io.nowcast.nn.Network;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.SequenceBatch;
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

/**
 * The epochs of one training run: mini-batches of stateful truncated BPTT, an optimiser step per
 * chunk, the holdout loss after every epoch, early stopping and keeping the best parameters. All
 * buffers (one {@link Backprop}, batch, state and gradients) are allocated once per run, so a chunk
 * allocates nothing. Updates the network's parameters in place; on return they are the best ones.
 */
final class TrainingLoop {

  /**
   * Mixed into the seed for the batching stream, so it differs from the initialisation's stream.
   */
  private static final long BATCHING_SALT = 0x5EED_BA7C_4E55L;

  private final TrainingSettings settings;
  private final Network network;
  private final TrainingData data;
  private final FeaturePipeline pipeline;
  private final List<Series.Split> holdout;
  private final ProgressListener progress;
  private final LossFunction loss;
  private final Optimizer optimizer;
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
   * @param seed seed of the batching stream: the settings' seed, or seed + m for ensemble member m
   */
  TrainingLoop(
      TrainingSettings settings,
      long seed,
      Network network,
      TrainingData data,
      FeaturePipeline pipeline,
      List<Series.Split> holdout,
      ProgressListener progress) {
    NetworkSpec spec = network.spec();
    this.settings = settings;
    this.network = network;
    this.data = data;
    this.pipeline = pipeline;
    this.holdout = holdout;
    this.progress = progress;
    this.loss = lossOf(spec.output(), settings.loss());
    this.optimizer = optimizerOf(settings, network.parameters().length);
    this.backprop = new Backprop(spec, settings.chunkLength(), settings.batchSize());
    this.state = new BatchState(spec, settings.batchSize());
    this.batch =
        new SequenceBatch(
            settings.chunkLength(), settings.batchSize(), spec.inputSize(), spec.horizon());
    this.gradients = new Gradients(spec);
    this.random = new SplittableRandom(seed ^ BATCHING_SALT);
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

  Outcome run() {
    long started = System.nanoTime();
    double initial = holdoutLoss(0);
    float[] best = network.parameters().clone();
    double bestLoss = initial;
    int bestEpoch = 0;
    List<EpochProgress> history = new ArrayList<>();
    for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
      double trainLoss = runEpoch(epoch);
      double holdoutLoss = holdoutLoss(epoch);
      if (holdoutLoss < bestLoss) {
        bestLoss = holdoutLoss;
        bestEpoch = epoch;
        System.arraycopy(network.parameters(), 0, best, 0, best.length);
      }
      history.add(progressOf(epoch, trainLoss, holdoutLoss, bestLoss, started));
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
      int epoch, double trainLoss, double holdoutLoss, double bestLoss, long started) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    Duration eta = elapsed.dividedBy(epoch).multipliedBy(settings.epochs() - epoch);
    return new EpochProgress(
        epoch, settings.epochs(), trainLoss, holdoutLoss, bestLoss, elapsed, eta);
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
