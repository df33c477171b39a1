package io.nowcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.ParameterLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The golden files carry the same weights in both layouts (the generator transposes, permutes GRU
 * gates and splits biases), so both importers must produce the same flat buffer.
 */
class PyTorchImportTest {
  static final List<String> CASES = GoldenCase.NAMES;

  private static ImportedNetwork importTorch(String json) {
    return ModelImport.parse(json, ImportFormat.PYTORCH, OutputKind.POINT);
  }

  private static String message(ObjectNode torch) {
    return assertThrows(InvalidModelException.class, () -> importTorch(torch.toString()))
        .getMessage();
  }

  private static ObjectNode tensors(ObjectNode torch) {
    return (ObjectNode) torch.get("tensors");
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void pytorchLayoutImportsToTheSameNetworkAsKeras(String name) {
    GoldenCase golden = GoldenCase.load(name);
    ImportedNetwork keras =
        ModelImport.parse(golden.kerasJson(), ImportFormat.KERAS, OutputKind.POINT);
    ImportedNetwork torch = importTorch(golden.pytorchJson());

    assertEquals(keras.spec(), torch.spec());
    assertArrayEquals(keras.parameters(), torch.parameters());
  }

  @Test
  void moduleNamesAreFree() {
    ObjectNode torch = GoldenCase.load("lstm2").pytorch();
    ObjectNode renamed = torch.objectNode();
    tensors(torch)
        .fields()
        .forEachRemaining(
            e ->
                renamed.set(
                    e.getKey().replace("lstm.", "encoder.rnn.").replace("head.", "decoder.out."),
                    e.getValue()));
    torch.set("tensors", renamed);

    assertEquals(3, importTorch(torch.toString()).spec().horizon());
  }

  @Test
  void lstmBiasesAreSummed() {
    GoldenCase golden = GoldenCase.load("lstm1");
    ObjectNode torch = golden.pytorch();
    ArrayNode inputBias = (ArrayNode) tensors(torch).get("lstm.bias_ih_l0");
    ArrayNode hiddenBias = (ArrayNode) tensors(torch).get("lstm.bias_hh_l0");
    float whole = inputBias.get(3).floatValue();
    inputBias.set(3, 0.25f);
    hiddenBias.set(3, whole - 0.25f);

    float[] expected =
        ModelImport.parse(golden.kerasJson(), ImportFormat.KERAS, OutputKind.POINT).parameters();
    float[] actual = importTorch(torch.toString()).parameters();
    int bias = ParameterLayout.of(importTorch(torch.toString()).spec()).biasOffset(0);
    assertEquals(expected[bias + 3], actual[bias + 3], 1e-7f);
  }

  @Test
  void missingTensorIsNamed() {
    ObjectNode torch = GoldenCase.load("gru1").pytorch();
    tensors(torch).remove("gru.bias_hh_l0");

    assertEquals("pytorch file: missing tensor gru.bias_hh_l0", message(torch));
  }

  @Test
  void wrongShapeNamesTensorExpectedAndActual() {
    ObjectNode torch = GoldenCase.load("lstm1").pytorch();
    ArrayNode weights = (ArrayNode) tensors(torch).get("lstm.weight_ih_l0");
    weights.remove(15);

    assertEquals(
        "pytorch tensor lstm.weight_ih_l0: expected shape [16, 3], actual [15, 3]", message(torch));
  }

  @Test
  void recurrentWeightsMustMatchTheCell() {
    ObjectNode torch = GoldenCase.load("lstm1").pytorch();
    torch.put("cell", "gru");

    assertEquals(
        "pytorch tensor lstm.weight_hh_l0: expected shape [3·H, H] for GRU, actual [16, 4]",
        message(torch));
  }

  @Test
  void nanIsRefusedWithItsIndex() {
    ObjectNode torch = GoldenCase.load("rnn_tanh").pytorch();
    ((ArrayNode) tensors(torch).get("rnn.weight_hh_l0").get(1)).set(2, 12345.5);
    String withNanToken = torch.toString().replace("12345.5", "NaN");

    String message =
        assertThrows(InvalidModelException.class, () -> importTorch(withNanToken)).getMessage();
    assertEquals(
        "pytorch tensor rnn.weight_hh_l0[1][2]: expected a finite value, actual NaN", message);
  }

  @Test
  void unknownCellIsRefused() {
    ObjectNode torch = GoldenCase.load("lstm1").pytorch();
    torch.put("cell", "transformer");

    assertEquals(
        "pytorch file: cell: expected lstm, gru or rnn, actual transformer", message(torch));
  }

  @Test
  void unknownNonlinearityIsRefused() {
    ObjectNode torch = GoldenCase.load("rnn_tanh").pytorch();
    torch.put("nonlinearity", "sigmoid");

    assertEquals(
        "pytorch file: nonlinearity: expected tanh or relu, actual sigmoid", message(torch));
  }

  @Test
  void extraTensorsAreRefused() {
    ObjectNode torch = GoldenCase.load("lstm1").pytorch();
    JsonNode forward = tensors(torch).get("lstm.weight_ih_l0");
    tensors(torch).set("lstm.weight_ih_l0_reverse", forward);

    String message = message(torch);
    assertTrue(
        message.startsWith("pytorch file: unexpected tensors [lstm.weight_ih_l0_reverse]"),
        message);
  }

  @Test
  void headMustBeUnique() {
    ObjectNode torch = GoldenCase.load("lstm1").pytorch();
    tensors(torch).set("other.weight", tensors(torch).get("head.weight"));

    List<String> heads = new ArrayList<>(List.of("head.weight", "other.weight"));
    assertEquals(
        "pytorch file: expected exactly one head tensor named <head>.weight, actual " + heads,
        message(torch));
  }

  @Test
  void formatMustBePytorch() {
    String message =
        assertThrows(
                InvalidModelException.class,
                () ->
                    ModelImport.parse(
                        GoldenCase.load("lstm1").kerasJson(),
                        ImportFormat.PYTORCH,
                        OutputKind.POINT))
            .getMessage();
    assertEquals("weights file: format: expected pytorch, actual keras", message);
  }
}
