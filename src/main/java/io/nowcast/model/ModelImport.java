package io.nowcast.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nowcast.avro.TrainingInfo;
import io.nowcast.nn.OutputKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Imports weights trained elsewhere from a JSON export (formats in {@code docs/models.md}): Keras
 * layer weights or a PyTorch {@code state_dict}, turned into our shape and flat layout. Every
 * failure is an {@link InvalidModelException} naming the tensor with the expected and actual shape.
 */
public final class ModelImport {
  /**
   * Non-numeric tokens ({@code NaN}, {@code Infinity}) are read so that they can be refused with
   * the tensor and index named, instead of a bare JSON syntax error.
   */
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private ModelImport() {}

  /**
   * Reads an export file.
   *
   * @param format the format the caller expects; the file's own {@code "format"} must agree
   * @param output POINT: the head has {@code horizon} units; PROBABILISTIC: {@code 2 × horizon}
   */
  public static ImportedNetwork read(Path file, ImportFormat format, OutputKind output) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidModelException("weights file " + file + ": no such file");
    }
    try {
      return parse(Files.readString(file), format, output);
    } catch (IOException e) {
      throw new InvalidModelException(
          "weights file " + file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Reads an export from its JSON text; see {@link #read(Path, ImportFormat, OutputKind)}. */
  public static ImportedNetwork parse(String json, ImportFormat format, OutputKind output) {
    JsonNode root = readTree(json);
    String declared = JsonTensors.required(root, "format", "weights file").asText();
    if (!declared.equals(format.jsonName())) {
      throw new InvalidModelException(
          "weights file: format: expected " + format.jsonName() + ", actual " + declared);
    }
    try {
      return switch (format) {
        case KERAS -> KerasImporter.read(root, output);
        case PYTORCH -> PyTorchImporter.read(root, output);
      };
    } catch (IllegalArgumentException e) {
      // NetworkSpec refuses a shape the tensors imply (e.g. a head with no units).
      throw new InvalidModelException(format.jsonName() + " file: bad shape: " + e.getMessage(), e);
    }
  }

  /**
   * The content of a new model from imported weights; its provenance says where it came from
   * ({@code import:keras}, {@code import:pytorch}) and it has no calibration.
   */
  public static ModelContent content(
      ImportedNetwork network,
      ImportFormat format,
      String name,
      long version,
      String features,
      Instant createdAt) {
    TrainingInfo provenance =
        TrainingInfo.newBuilder().setSource("import:" + format.jsonName()).build();
    return new ModelContent(
        name, version, createdAt, network.spec(), features, network.parameters(), null, provenance);
  }

  /**
   * The horizon a head of {@code units} outputs has for {@code output}; {@code tensor} names it in
   * errors.
   */
  static int horizon(int units, OutputKind output, String tensor) {
    int perStep = output.valuesPerStep();
    if (units % perStep != 0) {
      throw new InvalidModelException(
          tensor
              + ": expected a multiple of "
              + perStep
              + " ("
              + output
              + " heads give mean and scale per step), actual "
              + units);
    }
    return units / perStep;
  }

  private static JsonNode readTree(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || !root.isObject()) {
        throw new InvalidModelException(
            "weights file: expected a JSON object, actual "
                + (root == null ? "nothing" : root.getNodeType()));
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new InvalidModelException("weights file: not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
