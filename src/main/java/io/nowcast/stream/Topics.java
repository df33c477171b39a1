package io.nowcast.stream;

import io.nowcast.avro.AccuracyReport;
import io.nowcast.avro.Forecast;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.SensorReading;
import io.nowcast.config.ForecasterConfig;
import io.nowcast.serde.AvroDeserializer;
import io.nowcast.serde.AvroSerializer;
import io.nowcast.serde.NowcastSerdes;
import io.nowcast.serde.SensorReadingDeserializer;
import io.nowcast.serde.SerdeConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The forecaster's topics with the serdes of their values, configured once from the application's
 * configuration (registry keys and the {@code nowcast.input.*} mapping). Keys are always sensor ids
 * as UTF-8 strings, except on the input topics where they may be anything (see {@link
 * ForecasterTopology}) and on the models topic ({@code name@version}).
 *
 * @param inputTopics the input topic names, empty when {@link #inputPattern()} is used
 * @param inputPattern the input topic pattern, when configured instead of names
 * @param readings reads the input values (SensorReading or mapped foreign Avro/JSON records)
 * @param forecastsTopic where Forecasts go
 * @param forecasts the Forecast serde
 * @param accuracyTopic where AccuracyReports go
 * @param accuracy the AccuracyReport serde
 * @param modelsTopic the compacted ModelSnapshot topic
 * @param models decodes ModelSnapshots
 * @param rekeyed the SensorReading serde of the internal re-keying topic
 */
public record Topics(
    List<String> inputTopics,
    Optional<Pattern> inputPattern,
    Deserializer<SensorReading> readings,
    String forecastsTopic,
    Serde<Forecast> forecasts,
    String accuracyTopic,
    Serde<AccuracyReport> accuracy,
    String modelsTopic,
    Deserializer<ModelSnapshot> models,
    Serde<SensorReading> rekeyed) {

  /**
   * Registers (or looks up, as configured) the value schemas of the forecasts and accuracy topics
   * now. Otherwise the first records of a fresh application register them, from several stream
   * threads (or instances) at once, and an unusable registry is only found by the first forecast.
   * Serdes other than ours (tests, benchmarks) are left alone.
   *
   * @throws IllegalStateException naming the topic, {@code schema.registry.url} and the registry's
   *     answer
   */
  public void prepareOutputSchemas() {
    prepare(forecasts.serializer(), forecastsTopic, Forecast.getClassSchema());
    prepare(accuracy.serializer(), accuracyTopic, AccuracyReport.getClassSchema());
  }

  private static void prepare(Serializer<?> serializer, String topic, Schema schema) {
    if (!(serializer instanceof AvroSerializer<?> avro)) {
      return;
    }
    try {
      avro.prepare(topic, schema);
    } catch (SerializationException e) {
      throw new IllegalStateException(
          "Cannot settle the schema of output topic '"
              + topic
              + "' with the schema "
              + "registry ("
              + SerdeConfig.SCHEMA_REGISTRY_URL
              + "): "
              + e.getMessage(),
          e);
    }
  }

  /** Topic names from {@code config}, serdes configured with all of its original keys. */
  public static Topics from(ForecasterConfig config) {
    Map<String, Object> serdeConfig = new HashMap<>(config.originals());
    SensorReadingDeserializer readings = new SensorReadingDeserializer();
    readings.configure(serdeConfig, false);
    AvroDeserializer<ModelSnapshot> models = new AvroDeserializer<>(ModelSnapshot.class);
    models.configure(serdeConfig, false);
    return new Topics(
        config.inputTopics(),
        config.inputPattern(),
        readings,
        config.outputTopic(),
        NowcastSerdes.specific(Forecast.class, serdeConfig, false),
        config.accuracyTopic(),
        NowcastSerdes.specific(AccuracyReport.class, serdeConfig, false),
        config.modelsTopic(),
        models,
        NowcastSerdes.specific(SensorReading.class, serdeConfig, false));
  }
}
