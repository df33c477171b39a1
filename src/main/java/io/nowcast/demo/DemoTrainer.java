package io.nowcast.demo;

import io.nowcast.config.TrainerConfig;
import io.nowcast.serde.SerdeConfig;
import io.nowcast.train.ProgressListener;
import io.nowcast.train.TrainingSettings;
import io.nowcast.trainer.CycleReport;
import io.nowcast.trainer.TrainerService;
import io.nowcast.trainer.TrainingSettingsMapping;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules the trainer service ({@link TrainerService}, the same one {@code nowcast trainer} runs)
 * for the demo: the first cycle as soon as the preloaded history is in Kafka, retries every few
 * seconds until a model is published (so the first one arrives within about half a minute), then
 * one cycle every refresh interval. The model is small (one layer of 32) so a cycle takes seconds;
 * with these settings it beats repeat-last-value on the bundled series at the first try.
 */
final class DemoTrainer implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(DemoTrainer.class);

  /** Pause between cycles until the first model is published. */
  static final Duration RETRY = Duration.ofSeconds(3);

  private final TrainerConfig config;
  private final Duration refresh;
  private final CountDownLatch historyReady;
  private final CountDownLatch stop;
  private final Consumer<CycleReport> onReport;

  DemoTrainer(
      TrainerConfig config,
      Duration refresh,
      CountDownLatch historyReady,
      CountDownLatch stop,
      Consumer<CycleReport> onReport) {
    this.config = config;
    this.refresh = refresh;
    this.historyReady = historyReady;
    this.stop = stop;
    this.onReport = onReport;
  }

  /**
   * The trainer configuration of the demo: a small, quickly trained LSTM over the whole replayed
   * history.
   */
  static TrainerConfig config(
      String bootstrap, String registryUrl, String inputTopic, String modelName) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrap);
    props.put(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    props.put(TrainerConfig.INPUT_TOPICS, inputTopic);
    props.put(TrainerConfig.MODEL_NAME, modelName);
    props.put(TrainerConfig.HISTORY, "3650d"); // the bundled series lie months apart in 2013-14
    props.put(TrainerConfig.MAX_POINTS_PER_KEY, "1000");
    props.put(TrainerConfig.MIN_POINTS_PER_KEY, "200");
    props.put(TrainerConfig.BROKER_TIMEOUT, "30s");
    props.put(TrainerConfig.LAYERS, "32");
    // One network, not the default ensemble of three: the demo's first model should land within
    // seconds.
    props.put(TrainerConfig.ENSEMBLE, "1");
    props.put(TrainerConfig.EPOCHS, "40");
    props.put(TrainerConfig.PATIENCE, "5");
    props.put(TrainerConfig.LEARNING_RATE, "0.005");
    return new TrainerConfig(props, SerdeConfig.CONFIG_DEF);
  }

  /** The hyper-parameters {@code config} declares (mapped as {@code nowcast trainer} maps them). */
  static TrainingSettings settings(TrainerConfig config) {
    return TrainingSettingsMapping.from(config, 1.0);
  }

  /**
   * Runs cycles until {@code stop} is counted down. Not meant to be interrupted: an interrupt while
   * the service closes its Kafka clients would abort their close; a cycle ends within seconds
   * anyway.
   */
  @Override
  public void run() {
    try (TrainerService service =
        new TrainerService(config, settings(config), ProgressListener.NONE)) {
      historyReady.await();
      boolean published = false;
      while (stop.getCount() > 0) {
        published |= cycle(service);
        if (stop.await((published ? refresh : RETRY).toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One cycle; true when it published a model. A failed cycle is logged, never fatal. */
  private boolean cycle(TrainerService service) throws InterruptedException {
    try {
      CycleReport report = service.runCycle();
      LOG.info("trainer {}", report.summaryLine());
      onReport.accept(report);
      return report.published();
    } catch (InterruptedException e) {
      throw e;
    } catch (RuntimeException e) {
      if (stop.getCount() > 0) {
        LOG.warn("trainer cycle failed, retrying: {}", e.getMessage());
      }
      return false;
    }
  }
}
