package io.nowcast.web.dashboard;

import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One sensor's recent samples (a ring buffer), its model-version changes and its latest accuracy.
 * Stream threads write and HTTP threads read, so every method holds the instance's lock; each call
 * is short (no I/O, no JSON).
 */
final class SensorHistory {

  private final String sensorId;
  private final Sample[] ring;
  private final int maxChanges;
  private final ArrayDeque<ModelChange> changes = new ArrayDeque<>();
  private int next;
  private int size;
  private long received;
  private String modelName = "";
  private double intervalLevel = Double.NaN;
  private AccuracyReport accuracy;

  SensorHistory(String sensorId, int capacity, int maxChanges) {
    this.sensorId = sensorId;
    this.ring = new Sample[capacity];
    this.maxChanges = maxChanges;
  }

  /** Appends the forecast's sample; returns the model change it reveals, or null. */
  synchronized ModelChange add(Forecast forecast, Sample sample) {
    ModelChange change = null;
    Sample previous = size == 0 ? null : ring[(next - 1 + ring.length) % ring.length];
    if (previous != null && previous.modelVersion() != sample.modelVersion()) {
      change = new ModelChange(sample.timestamp(), previous.modelVersion(), sample.modelVersion());
      if (changes.size() == maxChanges) {
        changes.removeFirst();
      }
      changes.addLast(change);
    }
    ring[next] = sample;
    next = (next + 1) % ring.length;
    size = Math.min(size + 1, ring.length);
    received++;
    modelName = forecast.getModelName();
    intervalLevel = forecast.getIntervalLevel();
    return change;
  }

  synchronized void accuracy(AccuracyReport report) {
    this.accuracy = report;
  }

  /** A consistent copy of the sensor's state, oldest sample first. */
  synchronized Snapshot snapshot() {
    List<Sample> samples = new ArrayList<>(size);
    int first = (next - size + ring.length) % ring.length;
    for (int i = 0; i < size; i++) {
      samples.add(ring[(first + i) % ring.length]);
    }
    return new Snapshot(
        sensorId, modelName, intervalLevel, received, samples, List.copyOf(changes), accuracy);
  }

  /** An immutable view for rendering; {@code accuracy} is null before the first report. */
  record Snapshot(
      String sensorId,
      String modelName,
      double intervalLevel,
      long received,
      List<Sample> samples,
      List<ModelChange> changes,
      AccuracyReport accuracy) {

    Sample latest() {
      return samples.isEmpty() ? null : samples.get(samples.size() - 1);
    }
  }
}
