package io.nowcast.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.nowcast.engine.SkipReason;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The forecaster's own meters, registered once on a Micrometer {@link MeterRegistry}.
 *
 * <p>Every meter is resolved in the constructor, so the per-event methods are a field read and an
 * atomic add: no registry lookup, no tag building, no string concatenation on the hot path.
 * Micrometer names use dots; the Prometheus registry turns them into the names in {@code
 * docs/operations-http.md} (counters gain {@code _total}, the timer gains {@code _seconds}).
 */
public final class NowcastMetrics {

  /**
   * Bucket bounds of {@code nowcast_step_seconds}: one network step takes microseconds, a GC pause
   * milliseconds.
   */
  private static final Duration[] STEP_BUCKETS = {
    Duration.ofNanos(1_000), Duration.ofNanos(2_500), Duration.ofNanos(5_000),
        Duration.ofNanos(10_000),
    Duration.ofNanos(25_000), Duration.ofNanos(50_000), Duration.ofNanos(100_000),
        Duration.ofNanos(250_000),
    Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25),
    Duration.ofMillis(100)
  };

  private final MeterRegistry registry;
  private final Counter forecasts;
  private final Counter deadLetters;
  private final Counter modelsRefused;
  private final Counter modelsInstalled;
  private final Counter rewarms;
  private final Counter noModel;
  private final Counter[] skippedByReason;
  private final AtomicLong modelVersion = new AtomicLong(-1);
  private final Timer step;

  /**
   * Registers every Nowcast meter on {@code registry}; {@code nowcast_model_version} starts at -1
   * (no model).
   */
  public NowcastMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    forecasts = counter("nowcast.forecasts", "Forecasts emitted");
    deadLetters = counter("nowcast.dead.letters", "Records sent to the dead-letter topic");
    modelsRefused =
        counter(
            "nowcast.models.refused",
            "Model snapshots refused as invalid; the old model kept serving");
    modelsInstalled = counter("nowcast.models.installed", "Model snapshots installed");
    rewarms =
        counter("nowcast.rewarms", "Sensor states re-warmed from raw history after a model change");
    noModel =
        counter(
            "nowcast.no.model",
            "Events processed while no model was installed, so no forecast was made");
    skippedByReason = skippedCounters();
    Gauge.builder("nowcast.model.version", modelVersion, AtomicLong::doubleValue)
        .description("Version of the installed model; -1 before the first one")
        .register(registry);
    step =
        Timer.builder("nowcast.step")
            .description(
                "Time of one network step (features, forward pass, state update) per event")
            .serviceLevelObjectives(STEP_BUCKETS)
            .register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  private Counter[] skippedCounters() {
    SkipReason[] reasons = SkipReason.values();
    Counter[] counters = new Counter[reasons.length];
    for (SkipReason reason : reasons) {
      counters[reason.ordinal()] =
          Counter.builder("nowcast.records.skipped")
              .description("Input records that did not advance a sensor's state")
              .tag("reason", reason.label())
              .register(registry);
    }
    return counters;
  }

  /** Counts one forecast emitted. */
  public void forecastEmitted() {
    forecasts.increment();
  }

  /** Counts one record written to the dead-letter topic. */
  public void deadLettered() {
    deadLetters.increment();
  }

  /** Counts one record skipped for {@code reason}. */
  public void recordSkipped(SkipReason reason) {
    skippedByReason[reason.ordinal()].increment();
  }

  /** Counts one refused model snapshot. */
  public void modelRefused() {
    modelsRefused.increment();
  }

  /**
   * Counts one installed model and makes {@code version} the value of {@code
   * nowcast_model_version}.
   */
  public void modelInstalled(long version) {
    modelsInstalled.increment();
    modelVersion.set(version);
  }

  /** Counts one sensor state re-warmed after a model change. */
  public void rewarmed() {
    rewarms.increment();
  }

  /** Counts one event that found no model installed. */
  public void noModel() {
    noModel.increment();
  }

  /**
   * Records the duration of one network step, measured by the caller with {@link
   * System#nanoTime()}.
   */
  public void stepTook(long nanos) {
    step.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Binds Kafka Streams' own metrics (threads, tasks, stores, clients) to the same registry. Close
   * the returned binder when the Streams instance is closed.
   */
  public KafkaStreamsMetrics bindKafkaStreams(KafkaStreams streams) {
    KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams);
    binder.bindTo(registry);
    return binder;
  }
}
