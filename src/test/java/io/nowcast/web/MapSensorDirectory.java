package io.nowcast.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A fixed in-memory directory, standing in for one instance's local state store. */
final class MapSensorDirectory implements SensorDirectory {

  private final Map<String, SensorView> views = new TreeMap<>();

  MapSensorDirectory(SensorView... views) {
    for (SensorView view : views) {
      this.views.put(view.sensorId(), view);
    }
  }

  static SensorView view(String sensorId, long modelVersion) {
    return new SensorView(
        sensorId,
        1_700_000_000_000L,
        21.5,
        "temperature",
        modelVersion,
        List.of(
            new SensorView.Point(1, 1_700_000_060_000L, 21.75, 21.0, 22.5),
            new SensorView.Point(2, 1_700_000_120_000L, 22.0, 20.5, 23.5)),
        0.8,
        1_700_000_000_123L);
  }

  @Override
  public List<String> sensorIds() {
    return List.copyOf(views.keySet());
  }

  @Override
  public Optional<SensorView> sensor(String sensorId) {
    return Optional.ofNullable(views.get(sensorId));
  }
}
