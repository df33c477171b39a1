package io.nowcast.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads nested JSON arrays as float tensors of an expected shape. Every failure names the tensor
 * and gives the expected and the actual shape, or the index of the bad value: import files are
 * written by hand-made export scripts and the message is all the user sees.
 */
final class JsonTensors {
  private static final Set<String> NON_FINITE_STRINGS =
      Set.of("NaN", "Infinity", "-Infinity", "+Infinity", "inf", "-inf", "nan");

  private JsonTensors() {}

  /** The shape of a nested array, following first elements: {@code []} for a scalar. */
  static List<Integer> shapeOf(JsonNode node) {
    List<Integer> shape = new ArrayList<>();
    JsonNode current = node;
    while (current != null && current.isArray()) {
      shape.add(current.size());
      current = current.size() > 0 ? current.get(0) : null;
    }
    return shape;
  }

  static JsonNode required(JsonNode parent, String field, String owner) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      throw new InvalidModelException(owner + ": missing " + field);
    }
    return node;
  }

  /** A {@code rows × cols} matrix, row-major as in JSON. */
  static float[][] matrix(JsonNode node, String name, int rows, int cols) {
    requireShape(node, name, List.of(rows, cols));
    float[][] matrix = new float[rows][];
    for (int r = 0; r < rows; r++) {
      JsonNode row = node.get(r);
      if (!row.isArray() || row.size() != cols) {
        throw new InvalidModelException(
            name + "[" + r + "]: expected " + cols + " values, actual " + describe(row));
      }
      matrix[r] = values(row, name + "[" + r + "]");
    }
    return matrix;
  }

  static float[] vector(JsonNode node, String name, int length) {
    requireShape(node, name, List.of(length));
    return values(node, name);
  }

  private static void requireShape(JsonNode node, String name, List<Integer> expected) {
    List<Integer> actual = shapeOf(node);
    if (!actual.equals(expected)) {
      throw new InvalidModelException(name + ": expected shape " + expected + ", actual " + actual);
    }
  }

  private static float[] values(JsonNode array, String name) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode value = array.get(i);
      if (value.isTextual() && NON_FINITE_STRINGS.contains(value.asText())) {
        // Some exporters quote non-finite values; name them as such rather than as "not a number".
        throw new InvalidModelException(
            name + "[" + i + "]: expected a finite value, actual " + value.asText());
      }
      if (!value.isNumber()) {
        throw new InvalidModelException(
            name + "[" + i + "]: expected a number, actual " + describe(value));
      }
      values[i] = (float) value.doubleValue();
      if (!Float.isFinite(values[i])) {
        throw new InvalidModelException(
            name
                + "["
                + i
                + "]: expected a finite value, actual "
                + value.asText()
                + (Double.isFinite(value.doubleValue()) ? " (out of float32 range)" : ""));
      }
    }
    return values;
  }

  private static String describe(JsonNode node) {
    if (node.isArray()) {
      return "an array of " + node.size() + " values";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + node;
  }
}
