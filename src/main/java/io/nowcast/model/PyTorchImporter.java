package io.nowcast.model;

import static io.nowcast.model.JsonTensors.required;

import com.fasterxml.jackson.databind.JsonNode;
import io.nowcast.nn.Activation;
import io.nowcast.nn.CellType;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a PyTorch {@code state_dict} export: {@code {"format":"pytorch","cell":…,"tensors":{…}}}
 * with {@code <module>.weight_ih_l<k>} (G·H×I), {@code weight_hh_l<k>} (G·H×H), {@code
 * bias_ih_l<k>}, {@code bias_hh_l<k>} for each layer and one linear head {@code <head>.weight}
 * (K×H), {@code <head>.bias}. The module names are free: the recurrent module is found by the
 * suffix {@code weight_ih_l0}, the head is the one other {@code weight}.
 *
 * <p>Conversion: weights are transposed to our input-major kernels; LSTM and RNN biases are summed
 * (PyTorch adds both); GRU keeps both rows (PyTorch's reset gate multiplies {@code W_hn·h + b_hn},
 * as Keras' {@code reset_after=True}) and its gate blocks r,z,n are permuted to our z,r,n.
 */
final class PyTorchImporter {
  private static final int[] IDENTITY_ORDER = {0, 1, 2, 3};

  /** Our block g (z, r, n) is PyTorch's block GRU_ORDER[g] (PyTorch stores r, z, n). */
  private static final int[] GRU_ORDER = {1, 0, 2};

  private PyTorchImporter() {}

  static ImportedNetwork read(JsonNode root, OutputKind output) {
    CellType cell = cellOf(root);
    Activation activation = activationOf(root, cell);
    JsonNode tensors = required(root, "tensors", "pytorch file");
    Set<String> unused = new TreeSet<>();
    tensors.fieldNames().forEachRemaining(unused::add);
    String prefix = recurrentPrefix(unused);
    int[] units = layerSizes(tensors, prefix, cell);
    String headWeight = headWeightName(unused);
    String headBias = headWeight.substring(0, headWeight.length() - "weight".length()) + "bias";
    int inputSize = columns(tensors, prefix + "weight_ih_l0");
    int horizon =
        ModelImport.horizon(
            rows(tensors, headWeight), output, "pytorch tensor " + headWeight + " rows");
    NetworkSpec spec = new NetworkSpec(cell, activation, inputSize, units, horizon, output);
    ParameterWriter writer = new ParameterWriter(spec);
    for (int l = 0; l < units.length; l++) {
      readLayer(tensors, prefix, l, spec, writer);
      unused.removeAll(layerTensorNames(prefix, l));
    }
    writer.headKernel(
        transpose(matrix(tensors, headWeight, spec.outputSize(), spec.lastHiddenSize())));
    writer.headBias(
        JsonTensors.vector(
            tensor(tensors, headBias), "pytorch tensor " + headBias, spec.outputSize()));
    unused.remove(headWeight);
    unused.remove(headBias);
    if (!unused.isEmpty()) {
      throw new InvalidModelException(
          "pytorch file: unexpected tensors "
              + unused
              + " (expected one recurrent module and one linear head; bidirectional and proj_size are not supported)");
    }
    return new ImportedNetwork(spec, writer.parameters());
  }

  private static void readLayer(
      JsonNode tensors, String prefix, int l, NetworkSpec spec, ParameterWriter writer) {
    int hidden = spec.hiddenSize(l);
    int width = spec.cell().gates() * hidden;
    int[] order = spec.cell() == CellType.GRU ? GRU_ORDER : IDENTITY_ORDER;
    float[][] inputWeights =
        matrix(tensors, prefix + "weight_ih_l" + l, width, spec.layerInputSize(l));
    float[][] hiddenWeights = matrix(tensors, prefix + "weight_hh_l" + l, width, hidden);
    writer.kernel(l, toKernel(inputWeights, order, hidden));
    writer.recurrentKernel(l, toKernel(hiddenWeights, order, hidden));
    float[] inputBias = permute(vector(tensors, prefix + "bias_ih_l" + l, width), order, hidden);
    float[] hiddenBias = permute(vector(tensors, prefix + "bias_hh_l" + l, width), order, hidden);
    writer.bias(
        l,
        spec.cell() == CellType.GRU ? concat(inputBias, hiddenBias) : sum(inputBias, hiddenBias));
  }

  /**
   * Output-major PyTorch weights (G·H × I) to our input-major kernel (I × G·H), blocks reordered.
   */
  private static float[][] toKernel(float[][] outputMajor, int[] order, int hidden) {
    int width = outputMajor.length;
    int inputs = outputMajor[0].length;
    float[][] kernel = new float[inputs][width];
    for (int column = 0; column < width; column++) {
      int source = order[column / hidden] * hidden + column % hidden;
      for (int j = 0; j < inputs; j++) {
        kernel[j][column] = outputMajor[source][j];
      }
    }
    return kernel;
  }

  private static float[] permute(float[] blocks, int[] order, int hidden) {
    float[] permuted = new float[blocks.length];
    for (int i = 0; i < blocks.length; i++) {
      permuted[i] = blocks[order[i / hidden] * hidden + i % hidden];
    }
    return permuted;
  }

  private static float[] sum(float[] a, float[] b) {
    float[] sum = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = a[i] + b[i];
    }
    return sum;
  }

  private static float[] concat(float[] a, float[] b) {
    float[] both = new float[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static float[][] transpose(float[][] matrix) {
    float[][] transposed = new float[matrix[0].length][matrix.length];
    for (int r = 0; r < matrix.length; r++) {
      for (int c = 0; c < matrix[r].length; c++) {
        transposed[c][r] = matrix[r][c];
      }
    }
    return transposed;
  }

  private static String recurrentPrefix(Set<String> names) {
    List<String> candidates = names.stream().filter(n -> n.endsWith("weight_ih_l0")).toList();
    if (candidates.size() != 1) {
      throw new InvalidModelException(
          "pytorch file: expected exactly one tensor named <module>.weight_ih_l0, actual "
              + (candidates.isEmpty() ? "none among " + names : candidates));
    }
    String first = candidates.get(0);
    return first.substring(0, first.length() - "weight_ih_l0".length());
  }

  private static int[] layerSizes(JsonNode tensors, String prefix, CellType cell) {
    List<Integer> sizes = new ArrayList<>();
    for (int l = 0; tensors.has(prefix + "weight_ih_l" + l); l++) {
      String name = prefix + "weight_hh_l" + l;
      List<Integer> shape = JsonTensors.shapeOf(tensor(tensors, name));
      if (shape.size() != 2 || shape.get(0) != cell.gates() * shape.get(1)) {
        throw new InvalidModelException(
            "pytorch tensor "
                + name
                + ": expected shape ["
                + cell.gates()
                + "·H, H] for "
                + cell
                + ", actual "
                + shape);
      }
      sizes.add(shape.get(1));
    }
    return sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String headWeightName(Set<String> names) {
    // Recurrent tensors end in a layer number, so the head is the one name ending in "weight".
    List<String> heads = names.stream().filter(n -> n.endsWith("weight")).toList();
    if (heads.size() != 1) {
      throw new InvalidModelException(
          "pytorch file: expected exactly one head tensor named <head>.weight, actual "
              + (heads.isEmpty() ? "none among " + names : heads));
    }
    return heads.get(0);
  }

  private static List<String> layerTensorNames(String prefix, int l) {
    return List.of(
        prefix + "weight_ih_l" + l,
        prefix + "weight_hh_l" + l,
        prefix + "bias_ih_l" + l,
        prefix + "bias_hh_l" + l);
  }

  private static CellType cellOf(JsonNode root) {
    String cell = required(root, "cell", "pytorch file").asText().toLowerCase(Locale.ROOT);
    return switch (cell) {
      case "lstm" -> CellType.LSTM;
      case "gru" -> CellType.GRU;
      case "rnn" -> CellType.RNN;
      default ->
          throw new InvalidModelException(
              "pytorch file: cell: expected lstm, gru or rnn, actual " + cell);
    };
  }

  private static Activation activationOf(JsonNode root, CellType cell) {
    JsonNode nonlinearity = root.get("nonlinearity");
    if (cell != CellType.RNN || nonlinearity == null) {
      return Activation.TANH;
    }
    return switch (nonlinearity.asText().toLowerCase(Locale.ROOT)) {
      case "tanh" -> Activation.TANH;
      case "relu" -> Activation.RELU;
      default ->
          throw new InvalidModelException(
              "pytorch file: nonlinearity: expected tanh or relu, actual " + nonlinearity.asText());
    };
  }

  private static JsonNode tensor(JsonNode tensors, String name) {
    JsonNode tensor = tensors.get(name);
    if (tensor == null || tensor.isNull()) {
      throw new InvalidModelException("pytorch file: missing tensor " + name);
    }
    return tensor;
  }

  private static float[][] matrix(JsonNode tensors, String name, int rows, int cols) {
    return JsonTensors.matrix(tensor(tensors, name), "pytorch tensor " + name, rows, cols);
  }

  private static float[] vector(JsonNode tensors, String name, int length) {
    return JsonTensors.vector(tensor(tensors, name), "pytorch tensor " + name, length);
  }

  private static int rows(JsonNode tensors, String name) {
    List<Integer> shape = JsonTensors.shapeOf(tensor(tensors, name));
    if (shape.size() != 2) {
      throw new InvalidModelException(
          "pytorch tensor " + name + ": expected a matrix, actual shape " + shape);
    }
    return shape.get(0);
  }

  private static int columns(JsonNode tensors, String name) {
    List<Integer> shape = JsonTensors.shapeOf(tensor(tensors, name));
    if (shape.size() != 2) {
      throw new InvalidModelException(
          "pytorch tensor " + name + ": expected a matrix, actual shape " + shape);
    }
    return shape.get(1);
  }
}
