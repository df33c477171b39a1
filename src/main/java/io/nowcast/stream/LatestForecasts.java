package io.nowcast.stream;

import io.nowcast.avro.Forecast;
import io.nowcast.avro.ForecastPoint;
import io.nowcast.web.SensorDirectory;
import io.nowcast.web.SensorLookupUnavailableException;
import io.nowcast.web.SensorView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's sensors, read from the latest-forecast store ({@link
 * ForecasterTopology#LATEST_FORECAST_STORE}): the local half of the {@code /api/sensors} routes. A
 * store that is not queryable (start-up, rebalancing) answers 503 through {@link
 * SensorLookupUnavailableException}.
 */
public final class LatestForecasts implements SensorDirectory {

  private final Supplier<ReadOnlyKeyValueStore<String, Forecast>> store;

  /**
   * A directory over {@code store}, looked up anew on every request (it moves across rebalances).
   */
  public LatestForecasts(Supplier<ReadOnlyKeyValueStore<String, Forecast>> store) {
    this.store = store;
  }

  /** The directory over the latest-forecast store of {@code streams}'s local tasks. */
  public static LatestForecasts of(KafkaStreams streams) {
    return new LatestForecasts(
        () ->
            streams.store(
                StoreQueryParameters.fromNameAndType(
                    ForecasterTopology.LATEST_FORECAST_STORE,
                    QueryableStoreTypes.<String, Forecast>keyValueStore())));
  }

  @Override
  public List<String> sensorIds() {
    List<String> ids = new ArrayList<>();
    try (KeyValueIterator<String, Forecast> all = queryable().all()) {
      all.forEachRemaining(entry -> ids.add(entry.key));
    } catch (InvalidStateStoreException e) {
      throw unavailable(e);
    }
    ids.sort(null);
    return ids;
  }

  @Override
  public Optional<SensorView> sensor(String sensorId) {
    try {
      return Optional.ofNullable(queryable().get(sensorId)).map(LatestForecasts::view);
    } catch (InvalidStateStoreException e) {
      throw unavailable(e);
    }
  }

  private ReadOnlyKeyValueStore<String, Forecast> queryable() {
    try {
      return store.get();
    } catch (InvalidStateStoreException e) {
      throw unavailable(e);
    }
  }

  private static SensorLookupUnavailableException unavailable(InvalidStateStoreException e) {
    return new SensorLookupUnavailableException(
        "store "
            + ForecasterTopology.LATEST_FORECAST_STORE
            + " is not queryable yet: "
            + e.getMessage(),
        e);
  }

  /** The HTTP view of a Forecast: the same fields, times in epoch milliseconds. */
  static SensorView view(Forecast forecast) {
    List<SensorView.Point> points = new ArrayList<>(forecast.getHorizon().size());
    for (ForecastPoint point : forecast.getHorizon()) {
      points.add(
          new SensorView.Point(
              point.getStep(),
              point.getTimestamp().toEpochMilli(),
              point.getMean(),
              point.getLower(),
              point.getUpper()));
    }
    return new SensorView(
        forecast.getSensorId(),
        forecast.getTimestamp().toEpochMilli(),
        forecast.getObserved(),
        forecast.getModelName(),
        forecast.getModelVersion(),
        points,
        forecast.getIntervalLevel(),
        forecast.getProducedAt().toEpochMilli());
  }
}
