package io.nowcast.stream;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.SensorReading;
import io.nowcast.engine.EngineSettings;
import io.nowcast.engine.ForecastEngine;
import io.nowcast.engine.KeyState;
import io.nowcast.engine.Outcome;
import io.nowcast.engine.ServingModel;
import io.nowcast.metrics.NowcastMetrics;
import io.nowcast.stream.errors.PoisonRecordException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One sensor event: load the key's state, let the {@link ForecastEngine} make exactly one step with
 * the installed model, save the state, and emit the forecast and any accuracy report (downstream
 * they are routed to their topics by type). The latest forecast of every key is also kept in the
 * latest-forecast store for the HTTP API.
 *
 * <p>An event not newer than the key's last one is counted as skipped; with the dead-letter policy
 * it is then thrown to the dead-letter handler as a {@link PoisonRecordException} whose reason is
 * the skip reason ({@code duplicate} or {@code out_of_order}).
 */
final class ForecastProcessor implements Processor<String, SensorReading, String, SpecificRecord> {

  /**
   * Only one event in this many is timed: {@code System.nanoTime} twice plus a histogram update
   * costs a noticeable fraction of a small network's step, and a sample shows the distribution.
   */
  static final int STEP_TIMER_SAMPLE_EVERY = 8;

  private final ForecastEngine engine;
  private final ModelHolder models;
  private final NowcastMetrics metrics;
  private final boolean deadLetterLateEvents;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, KeyState> states;
  private KeyValueStore<String, Forecast> latest;
  private int untimedEvents;

  ForecastProcessor(
      EngineSettings settings,
      ModelHolder models,
      NowcastMetrics metrics,
      boolean deadLetterLateEvents) {
    this.engine = new ForecastEngine(settings);
    this.models = models;
    this.metrics = metrics;
    this.deadLetterLateEvents = deadLetterLateEvents;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    states = context.getStateStore(ForecasterTopology.SENSOR_STATE_STORE);
    latest = context.getStateStore(ForecasterTopology.LATEST_FORECAST_STORE);
  }

  @Override
  public void process(Record<String, SensorReading> record) {
    Outcome outcome = step(states.get(record.key()), record.value(), models.current());
    if (outcome.wasSkipped()) {
      onSkipped(record, outcome);
      return;
    }
    states.put(record.key(), outcome.state());
    countEvent(outcome);
    emit(record, outcome);
  }

  private Outcome step(KeyState state, SensorReading reading, ServingModel model) {
    long producedAt = context.currentSystemTimeMs();
    if (++untimedEvents < STEP_TIMER_SAMPLE_EVERY) {
      return engine.onReading(state, reading, model, producedAt);
    }
    untimedEvents = 0;
    long start = System.nanoTime();
    Outcome outcome = engine.onReading(state, reading, model, producedAt);
    metrics.stepTook(System.nanoTime() - start);
    return outcome;
  }

  private void onSkipped(Record<String, SensorReading> record, Outcome outcome) {
    metrics.recordSkipped(outcome.skipped());
    if (deadLetterLateEvents) {
      throw new PoisonRecordException(
          outcome.skipped().label(),
          "reading of sensor "
              + record.key()
              + " at "
              + record.value().getTimestamp()
              + " is not newer than the sensor's last reading ("
              + outcome.skipped().label()
              + ")");
    }
  }

  private void countEvent(Outcome outcome) {
    if (outcome.rewarmed()) {
      metrics.rewarmed();
    }
    if (outcome.noModel()) {
      metrics.noModel();
    }
  }

  private void emit(Record<String, SensorReading> record, Outcome outcome) {
    Forecast forecast = outcome.forecast();
    if (forecast != null) {
      latest.put(record.key(), forecast);
      context.forward(record.withValue(forecast));
      metrics.forecastEmitted();
    }
    if (outcome.report() != null) {
      context.forward(record.withValue(outcome.report()));
    }
  }
}
