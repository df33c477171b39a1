package io.nowcast.web.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowcast.avro.AccuracyReport;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;

/**
 * The dashboard's JSON shapes (documented in {@code docs/dashboard.md}). Field names follow the
 * Avro schemas' snake case; times are epoch milliseconds; non-finite numbers become {@code null}
 * because JSON has no NaN.
 */
final class DashboardJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DashboardJson() {}

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("could not write dashboard JSON", e);
    }
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** One forecast as the stream sends it. */
  static ObjectNode sample(String sensorId, Sample sample) {
    ObjectNode node = object().put("sensor_id", sensorId);
    node.put("timestamp", sample.timestamp());
    number(node, "observed", sample.observed());
    node.put("forecast_timestamp", sample.forecastTimestamp());
    number(node, "mean", sample.mean());
    number(node, "lower", sample.lower());
    number(node, "upper", sample.upper());
    return node.put("model_version", sample.modelVersion());
  }

  /** A sensor's samples as parallel arrays, oldest first: compact, and what the chart consumes. */
  static ObjectNode columns(List<Sample> samples) {
    ObjectNode node = object();
    ArrayNode timestamps = node.putArray("timestamp");
    ArrayNode observed = node.putArray("observed");
    ArrayNode forecastTimestamps = node.putArray("forecast_timestamp");
    ArrayNode means = node.putArray("mean");
    ArrayNode lowers = node.putArray("lower");
    ArrayNode uppers = node.putArray("upper");
    ArrayNode versions = node.putArray("model_version");
    for (Sample sample : samples) {
      timestamps.add(sample.timestamp());
      add(observed, sample.observed());
      forecastTimestamps.add(sample.forecastTimestamp());
      add(means, sample.mean());
      add(lowers, sample.lower());
      add(uppers, sample.upper());
      versions.add(sample.modelVersion());
    }
    return node;
  }

  static ObjectNode change(String sensorIdOrNull, ModelChange change) {
    ObjectNode node = object();
    if (sensorIdOrNull != null) {
      node.put("sensor_id", sensorIdOrNull);
    }
    return node.put("timestamp", change.timestamp())
        .put("from", change.fromVersion())
        .put("to", change.toVersion());
  }

  static ArrayNode changes(Collection<ModelChange> changes) {
    ArrayNode array = MAPPER.createArrayNode();
    changes.forEach(change -> array.add(change(null, change)));
    return array;
  }

  /** The accuracy report, or JSON null before the first one. */
  static JsonNode accuracy(AccuracyReport report) {
    if (report == null) {
      return MAPPER.nullNode();
    }
    ObjectNode node = object().put("sensor_id", report.getSensorId());
    node.put("window_start", report.getWindowStart().toEpochMilli());
    node.put("window_end", report.getWindowEnd().toEpochMilli());
    node.put("count", report.getCount());
    number(node, "mae", report.getMae());
    number(node, "rmse", report.getRmse());
    number(node, "persistence_mae", report.getPersistenceMae());
    number(node, "coverage", report.getCoverage());
    return node.put("model_version", report.getModelVersion());
  }

  static ObjectNode install(ModelInstall install) {
    return object()
        .put("name", install.name())
        .put("version", install.version())
        .put("at", install.atMillis());
  }

  static ArrayNode installs(Collection<ModelInstall> installs) {
    ArrayNode array = MAPPER.createArrayNode();
    installs.forEach(install -> array.add(install(install)));
    return array;
  }

  static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }

  private static void add(ArrayNode array, double value) {
    if (Double.isFinite(value)) {
      array.add(value);
    } else {
      array.addNull();
    }
  }
}
