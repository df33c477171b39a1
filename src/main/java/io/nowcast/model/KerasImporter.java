package io.nowcast.model;

import static io.nowcast.model.JsonTensors.required;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowcast.nn.Activation;
import io.nowcast.nn.CellType;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import java.util.Locale;

/**
 * Reads the Keras export format: {@code {"format":"keras","layers":[recurrent…, dense]}} where each
 * layer has {@code type}, {@code units} and {@code weights} as Keras stores them ({@code kernel}
 * I×G·H, {@code recurrent_kernel} H×G·H, {@code bias} G·H, or 2×3·H for a {@code reset_after=True}
 * GRU). Keras' layout and gate order are ours, so the tensors are copied as they are.
 */
final class KerasImporter {
  private KerasImporter() {}

  static ImportedNetwork read(JsonNode root, OutputKind output) {
    JsonNode layers = required(root, "layers", "keras file");
    if (!layers.isArray() || layers.size() < 2) {
      throw new InvalidModelException(
          "keras file: layers: expected recurrent layers followed by one dense layer, actual "
              + layers);
    }
    int recurrentCount = layers.size() - 1;
    CellType cell = cellOf(layers.get(0), 0);
    Activation activation = activationOf(layers.get(0), cell, 0);
    int[] units = new int[recurrentCount];
    for (int l = 0; l < recurrentCount; l++) {
      requireSameCell(layers.get(l), l, cell, activation);
      units[l] = unitsOf(layers.get(l), name(l, layers.get(l)));
    }
    JsonNode dense = denseLayer(layers.get(recurrentCount), recurrentCount);
    int inputSize = inputSizeOf(layers.get(0));
    int headUnits = unitsOf(dense, name(recurrentCount, dense));
    int horizon = ModelImport.horizon(headUnits, output, name(recurrentCount, dense) + " units");
    NetworkSpec spec = new NetworkSpec(cell, activation, inputSize, units, horizon, output);
    ParameterWriter writer = new ParameterWriter(spec);
    for (int l = 0; l < recurrentCount; l++) {
      readRecurrent(layers.get(l), l, spec, writer);
    }
    readDense(dense, recurrentCount, spec, writer);
    return new ImportedNetwork(spec, writer.parameters());
  }

  private static void readRecurrent(
      JsonNode layer, int l, NetworkSpec spec, ParameterWriter writer) {
    String name = name(l, layer);
    JsonNode weights = required(layer, "weights", name);
    int hidden = spec.hiddenSize(l);
    int width = spec.cell().gates() * hidden;
    writer.kernel(
        l,
        JsonTensors.matrix(
            required(weights, "kernel", name), name + " kernel", spec.layerInputSize(l), width));
    writer.recurrentKernel(
        l,
        JsonTensors.matrix(
            required(weights, "recurrent_kernel", name),
            name + " recurrent_kernel",
            hidden,
            width));
    JsonNode bias = required(weights, "bias", name);
    if (spec.cell() == CellType.GRU) {
      float[][] rows =
          JsonTensors.matrix(
              bias, name + " bias (GRU reset_after=True: input row, recurrent row)", 2, width);
      float[] both = new float[2 * width];
      System.arraycopy(rows[0], 0, both, 0, width);
      System.arraycopy(rows[1], 0, both, width, width);
      writer.bias(l, both);
    } else {
      writer.bias(l, JsonTensors.vector(bias, name + " bias", width));
    }
  }

  private static void readDense(
      JsonNode dense, int index, NetworkSpec spec, ParameterWriter writer) {
    String name = name(index, dense);
    JsonNode weights = required(dense, "weights", name);
    int outputs = spec.outputSize();
    writer.headKernel(
        JsonTensors.matrix(
            required(weights, "kernel", name), name + " kernel", spec.lastHiddenSize(), outputs));
    writer.headBias(JsonTensors.vector(required(weights, "bias", name), name + " bias", outputs));
  }

  private static CellType cellOf(JsonNode layer, int l) {
    String type = typeOf(layer, l);
    return switch (type) {
      case "lstm" -> CellType.LSTM;
      case "gru" -> CellType.GRU;
      case "simple_rnn" -> CellType.RNN;
      default ->
          throw new InvalidModelException(
              "keras layers[" + l + "]: type: expected lstm, gru or simple_rnn, actual " + type);
    };
  }

  private static Activation activationOf(JsonNode layer, CellType cell, int l) {
    JsonNode activation = layer.get("activation");
    if (cell != CellType.RNN || activation == null) {
      return Activation.TANH;
    }
    return switch (activation.asText().toLowerCase(Locale.ROOT)) {
      case "tanh" -> Activation.TANH;
      case "relu" -> Activation.RELU;
      default ->
          throw new InvalidModelException(
              name(l, layer) + " activation: expected tanh or relu, actual " + activation.asText());
    };
  }

  private static void requireSameCell(JsonNode layer, int l, CellType cell, Activation activation) {
    CellType actual = cellOf(layer, l);
    if (actual != cell) {
      throw new InvalidModelException(
          name(l, layer)
              + ": every recurrent layer must have the same type: expected "
              + typeOf(layer, 0)
              + " like layers[0], actual "
              + typeOf(layer, l));
    }
    Activation actualActivation = activationOf(layer, cell, l);
    if (actualActivation != activation) {
      throw new InvalidModelException(
          name(l, layer)
              + " activation: expected "
              + activation
              + " like layers[0], actual "
              + actualActivation);
    }
  }

  private static JsonNode denseLayer(JsonNode layer, int index) {
    String type = typeOf(layer, index);
    if (!type.equals("dense")) {
      throw new InvalidModelException(
          "keras layers["
              + index
              + "]: type: expected dense (the last layer is the head), actual "
              + type);
    }
    JsonNode activation = layer.get("activation");
    if (activation != null && !activation.asText().equals("linear")) {
      throw new InvalidModelException(
          name(index, layer)
              + " activation: expected linear (or none), actual "
              + activation.asText());
    }
    return layer;
  }

  private static int inputSizeOf(JsonNode first) {
    String name = name(0, first);
    JsonNode kernel = required(required(first, "weights", name), "kernel", name);
    if (!kernel.isArray() || kernel.size() == 0) {
      throw new InvalidModelException(
          name + " kernel: expected an input_size × units matrix, actual " + kernel);
    }
    return kernel.size();
  }

  private static int unitsOf(JsonNode layer, String name) {
    JsonNode units = required(layer, "units", name);
    if (!units.canConvertToInt() || !units.isIntegralNumber() || units.intValue() <= 0) {
      throw new InvalidModelException(
          name + " units: expected a positive integer, actual " + units);
    }
    return units.intValue();
  }

  private static String typeOf(JsonNode layer, int l) {
    return required(layer, "type", "keras layers[" + l + "]").asText().toLowerCase(Locale.ROOT);
  }

  private static String name(int l, JsonNode layer) {
    JsonNode type = layer.get("type");
    return "keras layers[" + l + "]" + (type == null ? "" : " (" + type.asText() + ")");
  }
}
