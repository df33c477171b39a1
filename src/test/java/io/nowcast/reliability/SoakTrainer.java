package io.nowcast.reliability;

import io.nowcast.config.TrainerConfig;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.train.ProgressListener;
import io.nowcast.trainer.CycleReport;
import io.nowcast.trainer.CycleSchedule;
import io.nowcast.trainer.TrainerService;
import io.nowcast.trainer.TrainingSettingsMapping;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The trainer service inside the soak: the same {@link TrainerService} and {@link CycleSchedule} as
 * {@code nowcast trainer}, reading the soak's input topic and publishing to the models topic the
 * forecaster serves from, so that model swaps happen under load. The model is small (LSTM 16,
 * horizon 3, at most 10 epochs over the newest {@value #MAX_POINTS_PER_KEY} readings of every key)
 * so that a cycle takes seconds to a minute or two next to the forecaster; warm-started from the
 * last published model, every cycle that improves on it publishes the next version; the first cycle
 * waits until every key has {@value #MIN_POINTS_PER_KEY} readings. Each cycle's outcome is printed
 * as a {@code # trainer:} line.
 */
final class SoakTrainer {

  /** A key needs this many readings in the window to be trained on. */
  static final int MIN_POINTS_PER_KEY = 100;

  /** Readings kept per key (the newest): bounds a cycle's work however long the soak runs. */
  private static final int MAX_POINTS_PER_KEY = 150;

  /**
   * Slack on top of the time the feed needs to give every key {@link #MIN_POINTS_PER_KEY} readings.
   */
  private static final Duration START_SLACK = Duration.ofSeconds(5);

  private final TrainerConfig config;
  private final Duration firstCycleDelay;
  private final CycleSchedule schedule;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final Thread thread;

  /**
   * @param interval time between cycle starts
   * @param rate readings per second the soak feeds, {@code keys} round-robin: sets the first
   *     cycle's delay
   */
  SoakTrainer(
      String bootstrap,
      String registry,
      Map<String, String> topics,
      Duration interval,
      int rate,
      int keys) {
    this.config = config(bootstrap, registry, topics, interval, rate, keys);
    this.firstCycleDelay =
        Duration.ofSeconds((long) Math.ceil((double) MIN_POINTS_PER_KEY * keys / rate))
            .plus(START_SLACK);
    this.schedule = new CycleSchedule(interval);
    this.thread = new Thread(this::run, "soak-trainer");
  }

  void start() {
    thread.start();
  }

  /** Stops the loop and waits for a running cycle to end (the soak reports its outcome). */
  void stop() throws InterruptedException {
    finished.countDown();
    schedule.stop();
    thread.join();
  }

  /** {@code completed/failed} cycles so far, for the soak's table. */
  String cycles() {
    return completed.get() + "/" + failed.get();
  }

  private void run() {
    try (TrainerService service =
        new TrainerService(
            config, TrainingSettingsMapping.from(config, 1.0), ProgressListener.NONE)) {
      System.out.printf(
          "# trainer: first cycle in %d s, then every %s%n",
          firstCycleDelay.toSeconds(), config.interval());
      if (finished.await(firstCycleDelay.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
      schedule.run(
          service::runCycle,
          new CycleSchedule.Listener() {
            @Override
            public void completed(CycleReport report) {
              completed.incrementAndGet();
              System.out.println("# trainer: " + report.summaryLine());
            }

            @Override
            public void failed(RuntimeException cause) {
              failed.incrementAndGet();
              System.out.println(
                  "# trainer: cycle failed, nothing published: " + cause.getMessage());
            }
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static TrainerConfig config(
      String bootstrap,
      String registry,
      Map<String, String> topics,
      Duration interval,
      int rate,
      int keys) {
    Map<String, Object> properties = new HashMap<>(topics);
    properties.put("bootstrap.servers", bootstrap);
    properties.put(SerdeConfig.SCHEMA_REGISTRY_URL, registry);
    properties.put(TrainerConfig.MODEL_NAME, ReliabilityFixtures.MODEL_NAME);
    properties.put(TrainerConfig.INTERVAL, interval.toSeconds() + "s");
    // Long enough for MAX_POINTS_PER_KEY readings of every key at the feed's rate, plus slack.
    properties.put(
        TrainerConfig.HISTORY, (long) Math.ceil(1.2 * MAX_POINTS_PER_KEY * keys / rate) + "s");
    properties.put(TrainerConfig.MAX_POINTS_PER_KEY, Integer.toString(MAX_POINTS_PER_KEY));
    properties.put(TrainerConfig.MIN_POINTS_PER_KEY, Integer.toString(MIN_POINTS_PER_KEY));
    properties.put(TrainerConfig.BROKER_TIMEOUT, "1m");
    properties.put(TrainerConfig.LAYERS, "16");
    // One network unless the soak asks for more, as in the runs of docs/reliability.md (they
    // predate
    // the ensemble default).
    properties.putIfAbsent(TrainerConfig.ENSEMBLE, "1");
    properties.put(TrainerConfig.HORIZON, "3");
    properties.put(TrainerConfig.BATCH_SIZE, "32");
    properties.put(TrainerConfig.EPOCHS, "10");
    properties.put(TrainerConfig.PATIENCE, "3");
    properties.put(TrainerConfig.LEARNING_RATE, "0.005");
    return new TrainerConfig(properties, SerdeConfig.CONFIG_DEF);
  }
}
