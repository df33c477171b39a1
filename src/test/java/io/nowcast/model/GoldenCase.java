package io.nowcast.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One golden file of {@code src/test/resources/golden} (fields documented in
 * src/test/golden/README.md).
 */
final class GoldenCase {
  static final List<String> NAMES =
      List.of("lstm1", "lstm1_batch2", "lstm2", "gru1", "gru2", "rnn_tanh", "rnn_relu");

  private static final ObjectMapper JSON = new ObjectMapper();
  private final String name;
  private final JsonNode root;

  private GoldenCase(String name, JsonNode root) {
    this.name = name;
    this.root = root;
  }

  static GoldenCase load(String name) {
    try (InputStream in = GoldenCase.class.getResourceAsStream("/golden/" + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /golden/" + name + ".json");
      }
      return new GoldenCase(name, JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return name;
  }

  /** A fresh, mutable copy of the Keras export, for tests that break it. */
  ObjectNode keras() {
    return root.get("keras").deepCopy();
  }

  ObjectNode pytorch() {
    return root.get("pytorch").deepCopy();
  }

  String kerasJson() {
    return root.get("keras").toString();
  }

  String pytorchJson() {
    return root.get("pytorch").toString();
  }

  int horizon() {
    return root.get("horizon").intValue();
  }

  int inputSize() {
    return root.get("input_size").intValue();
  }

  /**
   * The tfjs gradients as a Keras export whose weights are the gradient tensors: importing it
   * through our Keras importer lays them out exactly like the parameters.
   */
  String gradientsAsKerasJson() {
    ObjectNode keras = keras();
    JsonNode gradients = root.get("gradients").get("layers");
    for (int l = 0; l < gradients.size(); l++) {
      ((ObjectNode) keras.get("layers").get(l)).set("weights", gradients.get(l));
    }
    return keras.toString();
  }

  /** The MSE tfjs computed over all outputs against {@link #targets()}. */
  double loss() {
    return root.get("loss").doubleValue();
  }

  float[][][] targets() {
    return cube(root.get("targets"));
  }

  /** {@code [batch][step][value]}. */
  float[][][] inputs() {
    return cube(root.get("inputs"));
  }

  float[][][] outputs() {
    return cube(root.get("outputs"));
  }

  float[][][] hidden() {
    return cube(root.get("hidden"));
  }

  private static float[][][] cube(JsonNode node) {
    float[][][] cube = new float[node.size()][][];
    for (int b = 0; b < cube.length; b++) {
      JsonNode steps = node.get(b);
      cube[b] = new float[steps.size()][];
      for (int t = 0; t < steps.size(); t++) {
        JsonNode values = steps.get(t);
        cube[b][t] = new float[values.size()];
        for (int i = 0; i < values.size(); i++) {
          cube[b][t][i] = (float) values.get(i).doubleValue();
        }
      }
    }
    return cube;
  }
}
