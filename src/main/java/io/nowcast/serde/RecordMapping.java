package io.nowcast.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nowcast.avro.GeneratedClassTrust;
import io.nowcast.avro.SensorReading;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns a foreign record (any Avro {@link GenericRecord} or a JSON object) into a {@link
 * SensorReading} by dot-separated field paths such as {@code payload.device.id}. A path walks
 * nested records, maps and JSON objects.
 *
 * <p>Every configured field must be present, non-null and of the expected kind: the key a string or
 * number, the value a number, the timestamp a number (ms, s) or an ISO-8601 string (iso). Covariate
 * paths name numbers (the covariate takes the path's last segment as its name) or maps whose
 * entries are all numbers. Anything else throws a {@link MappingException} naming the path and the
 * record's source. Non-finite values pass through: rejecting NaN is the forecaster's decision, not
 * the mapping's. Immutable and thread-safe.
 */
public final class RecordMapping {

  static {
    GeneratedClassTrust.trustGeneratedSchemas();
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FieldPath key;
  private final FieldPath timestamp;
  private final TimestampUnit timestampUnit;
  private final FieldPath value;
  private final List<FieldPath> covariates;

  /** A parsed dot-separated path. */
  private record FieldPath(String text, String[] segments) {
    static FieldPath parse(String text, String configKey) {
      String trimmed = text == null ? "" : text.trim();
      if (trimmed.isEmpty()
          || trimmed.startsWith(".")
          || trimmed.endsWith(".")
          || trimmed.contains("..")) {
        throw new IllegalArgumentException(
            configKey
                + "='"
                + text
                + "': expected a dot-separated field path such as payload.device.id");
      }
      return new FieldPath(trimmed, trimmed.split("\\."));
    }

    String lastSegment() {
      return segments[segments.length - 1];
    }
  }

  /**
   * A mapping from explicit paths.
   *
   * @param keyPath path of the sensor id
   * @param timestampPath path of the event time
   * @param timestampUnit how the event time is written
   * @param valuePath path of the observed value
   * @param covariatePaths paths of numeric covariates or covariate maps (may be empty)
   */
  public RecordMapping(
      String keyPath,
      String timestampPath,
      TimestampUnit timestampUnit,
      String valuePath,
      List<String> covariatePaths) {
    this.key = FieldPath.parse(keyPath, SerdeConfig.INPUT_KEY_FIELD);
    this.timestamp = FieldPath.parse(timestampPath, SerdeConfig.INPUT_TIMESTAMP_FIELD);
    this.timestampUnit = timestampUnit;
    this.value = FieldPath.parse(valuePath, SerdeConfig.INPUT_VALUE_FIELD);
    this.covariates =
        covariatePaths.stream()
            .map(p -> FieldPath.parse(p, SerdeConfig.INPUT_COVARIATE_FIELDS))
            .toList();
  }

  /** A mapping from the {@code nowcast.input.*} keys of {@link SerdeConfig}. */
  public static RecordMapping fromConfig(Map<String, ?> props) {
    SerdeConfig config = new SerdeConfig(props);
    return new RecordMapping(
        config.getString(SerdeConfig.INPUT_KEY_FIELD),
        config.getString(SerdeConfig.INPUT_TIMESTAMP_FIELD),
        TimestampUnit.parse(config.getString(SerdeConfig.INPUT_TIMESTAMP_UNIT)),
        config.getString(SerdeConfig.INPUT_VALUE_FIELD),
        config.getList(SerdeConfig.INPUT_COVARIATE_FIELDS).stream()
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList());
  }

  /** Maps an Avro record; {@code source} (nullable) only feeds error messages. */
  public SensorReading map(GenericRecord record, RecordSource source) {
    if (record == null) {
      throw new MappingException("$", source, "is null: expected an Avro record");
    }
    return build(record, source);
  }

  /** Maps a UTF-8 JSON object; {@code source} (nullable) only feeds error messages. */
  public SensorReading mapJson(byte[] utf8Json, RecordSource source) {
    JsonNode root;
    try {
      root = utf8Json == null ? null : JSON.readTree(utf8Json);
    } catch (IOException e) {
      throw new MappingException("$", source, "is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new MappingException(
          "$",
          source,
          "is not a JSON object (found " + (root == null ? "nothing" : root.getNodeType()) + ")");
    }
    return build(root, source);
  }

  private SensorReading build(Object root, RecordSource source) {
    return SensorReading.newBuilder()
        .setSensorId(sensorId(root, source))
        .setTimestamp(Instant.ofEpochMilli(epochMillis(root, source)))
        .setValue(number(resolve(root, value, source), value.text(), source))
        .setCovariates(covariates(root, source))
        .build();
  }

  private String sensorId(Object root, RecordSource source) {
    Object id = resolve(root, key, source);
    if (id instanceof CharSequence || id instanceof Number) {
      return id.toString();
    }
    throw new MappingException(
        key.text(), source, "is " + kind(id) + ": expected a string or number sensor id");
  }

  private long epochMillis(Object root, RecordSource source) {
    Object raw = resolve(root, timestamp, source);
    String path = timestamp.text();
    return switch (timestampUnit) {
      case MILLIS ->
          raw instanceof Instant instant
              ? instant.toEpochMilli()
              : scaledMillis(raw, 1, path, source);
      case SECONDS -> scaledMillis(raw, 1000, path, source);
      case ISO -> isoMillis(raw, path, source);
    };
  }

  private static long scaledMillis(
      Object raw, long millisPerUnit, String path, RecordSource source) {
    if (raw instanceof Long || raw instanceof Integer || raw instanceof Short) {
      return Math.multiplyExact(((Number) raw).longValue(), millisPerUnit);
    }
    if (raw instanceof Number number && Double.isFinite(number.doubleValue())) {
      return Math.round(number.doubleValue() * millisPerUnit);
    }
    throw new MappingException(
        path,
        source,
        "is "
            + kind(raw)
            + ": expected a finite number of "
            + (millisPerUnit == 1
                ? "epoch milliseconds (nowcast.input.timestamp.unit=ms)"
                : "epoch seconds (nowcast.input.timestamp.unit=s)"));
  }

  private static long isoMillis(Object raw, String path, RecordSource source) {
    if (raw instanceof CharSequence text) {
      try {
        return Instant.parse(text).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new MappingException(
            path,
            source,
            "is '"
                + text
                + "': expected an ISO-8601 instant with offset such as 2024-03-01T12:00:00Z");
      }
    }
    throw new MappingException(
        path,
        source,
        "is " + kind(raw) + ": expected an ISO-8601 string (nowcast.input.timestamp.unit=iso)");
  }

  private Map<String, Double> covariates(Object root, RecordSource source) {
    Map<String, Double> result = new LinkedHashMap<>();
    for (FieldPath path : covariates) {
      Object found = resolve(root, path, source);
      if (found instanceof Map<?, ?> || (found instanceof JsonNode node && node.isObject())) {
        forEachEntry(
            found,
            (name, entry) -> result.put(name, number(entry, path.text() + "." + name, source)));
      } else {
        result.put(path.lastSegment(), number(found, path.text(), source));
      }
    }
    return result;
  }

  private static void forEachEntry(Object map, BiConsumer<String, Object> action) {
    if (map instanceof JsonNode node) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        action.accept(field.getKey(), leaf(field.getValue()));
      }
    } else {
      ((Map<?, ?>) map).forEach((name, entry) -> action.accept(String.valueOf(name), entry));
    }
  }

  private static double number(Object raw, String path, RecordSource source) {
    if (raw instanceof Number number) {
      return number.doubleValue();
    }
    throw new MappingException(path, source, "is " + kind(raw) + ": expected a number");
  }

  /** The value at {@code path}; a missing step or a null value throws. */
  private static Object resolve(Object root, FieldPath path, RecordSource source) {
    Object current = root;
    for (int i = 0; i < path.segments().length; i++) {
      String segment = path.segments()[i];
      if (!isContainer(current)) {
        String parent = String.join(".", Arrays.copyOf(path.segments(), i));
        throw new MappingException(
            path.text(),
            source,
            "is missing: '"
                + parent
                + "' is "
                + kind(current)
                + ", not a record or object with field '"
                + segment
                + "'");
      }
      current = child(current, segment, path, source);
    }
    if (current == null) {
      throw new MappingException(path.text(), source, "is null");
    }
    return current;
  }

  private static boolean isContainer(Object node) {
    return node instanceof GenericRecord
        || node instanceof Map<?, ?>
        || (node instanceof JsonNode json && json.isObject());
  }

  private static Object child(Object parent, String name, FieldPath path, RecordSource source) {
    if (parent instanceof GenericRecord record) {
      Schema.Field field = record.getSchema().getField(name);
      if (field == null) {
        throw missing(path, source, name, "record " + record.getSchema().getFullName());
      }
      return record.get(field.pos());
    }
    if (parent instanceof JsonNode node) {
      if (!node.has(name)) {
        throw missing(path, source, name, "JSON object");
      }
      return leaf(node.get(name));
    }
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) parent).entrySet()) {
      if (name.contentEquals(String.valueOf(entry.getKey()))) {
        return entry.getValue();
      }
    }
    throw missing(path, source, name, "map");
  }

  private static MappingException missing(
      FieldPath path, RecordSource source, String name, String container) {
    return new MappingException(
        path.text(), source, "is missing: " + container + " has no field '" + name + "'");
  }

  /**
   * A JSON node as the Java value an Avro reader would give: numbers, strings, objects stay nodes.
   */
  private static Object leaf(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  private static String kind(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof JsonNode node) {
      return "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
    if (value instanceof CharSequence text) {
      return "the string '" + text + "'";
    }
    if (value instanceof GenericRecord record) {
      return "a record " + record.getSchema().getFullName();
    }
    return "a " + value.getClass().getSimpleName() + " (" + value + ")";
  }
}
