package io.nowcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nowcast.nn.CellType;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import io.nowcast.nn.ParameterLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KerasImportTest {

  private static ImportedNetwork importKeras(String json, OutputKind output) {
    return ModelImport.parse(json, ImportFormat.KERAS, output);
  }

  private static String message(ObjectNode keras) {
    return assertThrows(
            InvalidModelException.class, () -> importKeras(keras.toString(), OutputKind.POINT))
        .getMessage();
  }

  private static ObjectNode weights(ObjectNode keras, int layer) {
    return (ObjectNode) keras.get("layers").get(layer).get("weights");
  }

  @Test
  void readsShapeFromTheTensors() {
    ImportedNetwork network = importKeras(GoldenCase.load("lstm2").kerasJson(), OutputKind.POINT);

    assertEquals(
        NetworkSpec.of(CellType.LSTM, 3, new int[] {5, 4}, 3, OutputKind.POINT), network.spec());
    assertEquals(ParameterLayout.of(network.spec()).size(), network.parameters().length);
  }

  @Test
  void copiesKerasTensorsIntoTheFlatLayout() {
    ObjectNode keras = GoldenCase.load("gru1").keras();
    ImportedNetwork network = importKeras(keras.toString(), OutputKind.POINT);
    ParameterLayout layout = ParameterLayout.of(network.spec());
    float[] p = network.parameters();

    ObjectNode gru = weights(keras, 0);
    int width = layout.gateWidth(0);
    assertEquals(
        gru.get("kernel").get(2).get(7).floatValue(), p[layout.kernelOffset(0) + 2 * width + 7]);
    assertEquals(
        gru.get("recurrent_kernel").get(3).get(1).floatValue(),
        p[layout.recurrentKernelOffset(0) + 3 * width + 1]);
    assertEquals(gru.get("bias").get(1).get(5).floatValue(), p[layout.biasOffset(0) + width + 5]);
    ObjectNode head = weights(keras, 1);
    assertEquals(
        head.get("kernel").get(3).get(1).floatValue(), p[layout.headKernelOffset() + 3 * 2 + 1]);
    assertEquals(head.get("bias").get(1).floatValue(), p[layout.headBiasOffset() + 1]);
  }

  @Test
  void readsTheRnnActivation() {
    assertEquals(
        "RELU",
        importKeras(GoldenCase.load("rnn_relu").kerasJson(), OutputKind.POINT)
            .spec()
            .activation()
            .name());
  }

  @Test
  void probabilisticHeadsHaveTwoValuesPerStep() {
    ImportedNetwork network =
        importKeras(GoldenCase.load("lstm1").kerasJson(), OutputKind.PROBABILISTIC);
    assertEquals(1, network.spec().horizon());

    String odd =
        assertThrows(
                InvalidModelException.class,
                () -> importKeras(GoldenCase.load("lstm2").kerasJson(), OutputKind.PROBABILISTIC))
            .getMessage();
    assertTrue(odd.contains("expected a multiple of 2") && odd.contains("actual 3"), odd);
  }

  @Test
  void missingTensorIsNamed() {
    ObjectNode keras = GoldenCase.load("lstm1").keras();
    weights(keras, 0).remove("recurrent_kernel");

    assertEquals("keras layers[0] (lstm): missing recurrent_kernel", message(keras));
  }

  @Test
  void wrongShapeNamesTensorExpectedAndActual() {
    ObjectNode keras = GoldenCase.load("lstm1").keras();
    ArrayNode kernel = (ArrayNode) weights(keras, 0).get("kernel");
    for (int row = 0; row < kernel.size(); row++) {
      ((ArrayNode) kernel.get(row)).remove(0);
    }

    assertEquals(
        "keras layers[0] (lstm) kernel: expected shape [3, 16], actual [3, 15]", message(keras));
  }

  @Test
  void raggedRowIsNamed() {
    ObjectNode keras = GoldenCase.load("lstm1").keras();
    ((ArrayNode) weights(keras, 0).get("recurrent_kernel").get(2)).remove(0);

    assertEquals(
        "keras layers[0] (lstm) recurrent_kernel[2]: expected 16 values, actual an array of 15 values",
        message(keras));
  }

  @Test
  void nanTokenIsReadAndRefusedWithItsIndex() {
    String json = GoldenCase.load("lstm1").kerasJson();
    String firstBiasValue = json.substring(json.indexOf("\"bias\":[") + 8).split("[,\\]]")[0];
    String withNan = json.replace("\"bias\":[" + firstBiasValue, "\"bias\":[NaN");

    String message =
        assertThrows(InvalidModelException.class, () -> importKeras(withNan, OutputKind.POINT))
            .getMessage();
    assertEquals("keras layers[0] (lstm) bias[0]: expected a finite value, actual NaN", message);
  }

  @Test
  void infinityTokenIsRefused() {
    String json = GoldenCase.load("lstm1").kerasJson();
    String headBias = json.substring(json.lastIndexOf("\"bias\":["));
    String broken = json.replace(headBias, headBias.replaceFirst(",[^\\]]+\\]", ",-Infinity]"));

    String message =
        assertThrows(InvalidModelException.class, () -> importKeras(broken, OutputKind.POINT))
            .getMessage();
    assertEquals(
        "keras layers[1] (dense) bias[1]: expected a finite value, actual -Infinity", message);
  }

  @Test
  void quotedNanIsRefusedAsNonFinite() {
    ObjectNode keras = GoldenCase.load("lstm1").keras();
    ((ArrayNode) weights(keras, 1).get("bias")).add("NaN");
    ((ArrayNode) weights(keras, 1).get("bias")).remove(0);

    assertEquals(
        "keras layers[1] (dense) bias[1]: expected a finite value, actual NaN", message(keras));
  }

  @Test
  void unknownFormatIsRefused() {
    ObjectNode keras = GoldenCase.load("lstm1").keras();
    keras.put("format", "onnx");

    assertEquals("weights file: format: expected keras, actual onnx", message(keras));
  }

  @Test
  void unknownCellIsRefused() {
    ObjectNode keras = GoldenCase.load("lstm1").keras();
    ((ObjectNode) keras.get("layers").get(0)).put("type", "conv1d");

    assertEquals(
        "keras layers[0]: type: expected lstm, gru or simple_rnn, actual conv1d", message(keras));
  }

  @Test
  void mixedCellsAreRefused() {
    ObjectNode keras = GoldenCase.load("lstm2").keras();
    ((ObjectNode) keras.get("layers").get(1)).put("type", "gru");

    assertTrue(
        message(keras).contains("every recurrent layer must have the same type"), message(keras));
  }

  @Test
  void headMustBeDense() {
    ObjectNode keras = GoldenCase.load("lstm2").keras();
    ((ArrayNode) keras.get("layers")).remove(2);

    assertEquals(
        "keras layers[1]: type: expected dense (the last layer is the head), actual lstm",
        message(keras));
  }

  @Test
  void invalidJsonIsRefused() {
    String message =
        assertThrows(
                InvalidModelException.class,
                () -> importKeras("{\"format\": keras", OutputKind.POINT))
            .getMessage();
    assertTrue(message.startsWith("weights file: not valid JSON"), message);
  }

  @Test
  void missingFileIsNamed() {
    Path missing = Path.of("does-not-exist.json");
    String message =
        assertThrows(
                InvalidModelException.class,
                () -> ModelImport.read(missing, ImportFormat.KERAS, OutputKind.POINT))
            .getMessage();
    assertEquals("weights file does-not-exist.json: no such file", message);
  }
}
