package io.nowcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.nn.ParameterLayout;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SnapshotValidatorTest {
  private static final String MODEL = "model golden@3: ";
  private final SnapshotValidator validator = SnapshotValidator.forServing();

  private static ModelSnapshot changed(Consumer<ModelSnapshot> change) {
    ModelSnapshot snapshot = TestModels.lstmSnapshot();
    change.accept(snapshot);
    return snapshot;
  }

  private String refusal(ModelSnapshot snapshot) {
    return assertThrows(InvalidModelException.class, () -> validator.validate(snapshot))
        .getMessage();
  }

  @Test
  void acceptsAValidModel() {
    ValidatedModel model = validator.validate(TestModels.lstmSnapshot());

    assertEquals(TestModels.lstm().spec(), model.spec());
    assertArrayEquals(TestModels.lstm().parameters(), model.parameters());
    assertEquals(new ModelKey("golden", 3), model.key());
  }

  @Test
  void refusesUnknownFormatVersion() {
    assertEquals(
        MODEL + "format_version: expected 1, actual 2",
        refusal(changed(s -> s.setFormatVersion(2))));
  }

  @Test
  void refusesEmptyName() {
    assertEquals(
        "model  @3: name: expected a non-empty name, actual ' '",
        refusal(changed(s -> s.setName(" "))));
  }

  @Test
  void refusesNegativeVersion() {
    assertEquals(
        "model golden@-1: version: expected >= 0, actual -1",
        refusal(changed(s -> s.setVersion(-1L))));
  }

  @Test
  void refusesBadLayerSizes() {
    assertEquals(
        MODEL + "layer_sizes[0]: expected > 0, actual 0",
        refusal(changed(s -> s.setLayerSizes(List.of(0)))));
    assertEquals(
        MODEL + "layer_sizes: expected at least one layer, actual []",
        refusal(changed(s -> s.setLayerSizes(List.of()))));
  }

  @Test
  void refusesNonPositiveInputSizeAndHorizon() {
    assertEquals(
        MODEL + "input_size: expected > 0, actual 0", refusal(changed(s -> s.setInputSize(0))));
    assertEquals(
        MODEL + "horizon: expected > 0, actual -2", refusal(changed(s -> s.setHorizon(-2))));
  }

  @Test
  void refusesParametersThatDoNotFitTheLayout() {
    String message = refusal(changed(s -> s.setLayerSizes(List.of(5))));

    int expected =
        ParameterLayout.of(Snapshots.specOf(changed(s -> s.setLayerSizes(List.of(5))))).size();
    int actual = ParameterLayout.of(TestModels.lstm().spec()).size();
    assertEquals(
        MODEL
            + "parameters: expected "
            + expected * 4
            + " bytes ("
            + expected
            + " float32 for LSTM input=3 layers=[5] horizon=2 output=POINT), actual "
            + actual * 4
            + " bytes",
        message);
  }

  @Test
  void refusesPartialFloats() {
    ModelSnapshot snapshot = changed(s -> s.setParameters(ByteBuffer.wrap(new byte[7])));

    assertEquals(
        "parameters: expected a multiple of 4 bytes (float32), actual 7 bytes", refusal(snapshot));
  }

  @Test
  void namesTheTensorAndIndexOfANonFiniteWeight() {
    ParameterLayout layout = ParameterLayout.of(TestModels.lstm().spec());
    int index = layout.recurrentKernelOffset(0) + 16 + 5;
    float[] parameters = TestModels.lstm().parameters();
    parameters[index] = Float.NaN;

    ModelSnapshot snapshot = changed(s -> s.setParameters(Snapshots.toBytes(parameters)));

    assertEquals(
        MODEL + "parameters layers[0].recurrent_kernel[1][5]: expected a finite value, actual NaN",
        refusal(snapshot));
  }

  @Test
  void namesHeadTensorsToo() {
    ParameterLayout layout = ParameterLayout.of(TestModels.lstm().spec());
    float[] parameters = TestModels.lstm().parameters();
    parameters[layout.headBiasOffset() + 1] = Float.NEGATIVE_INFINITY;

    ModelSnapshot snapshot = changed(s -> s.setParameters(Snapshots.toBytes(parameters)));

    assertEquals(
        MODEL + "parameters head.bias[1]: expected a finite value, actual -Infinity",
        refusal(snapshot));
  }

  @Test
  void refusesCalibrationOfTheWrongLength() {
    Calibration calibration =
        new Calibration(0.8, List.of(-1.0, -1.2, -1.4), List.of(1.0, 1.2, 1.4), List.of());

    assertEquals(
        MODEL + "calibration.lower: expected 2 values (one per horizon step), actual 3 values",
        refusal(changed(s -> s.setCalibration(calibration))));
  }

  @Test
  void refusesCalibrationLevelOutsideTheUnitInterval() {
    Calibration calibration =
        new Calibration(80.0, List.of(-1.0, -1.2), List.of(1.0, 1.2), List.of());

    assertEquals(
        MODEL + "calibration.level: expected a value in (0, 1), actual 80.0",
        refusal(changed(s -> s.setCalibration(calibration))));
  }

  @Test
  void refusesShrinkageOfTheWrongLengthOrOutsideZeroToOne() {
    Calibration tooLong =
        new Calibration(0.8, List.of(-1.0, -1.2), List.of(1.0, 1.2), List.of(0.5, 0.5, 0.5));
    Calibration tooLarge =
        new Calibration(0.8, List.of(-1.0, -1.2), List.of(1.0, 1.2), List.of(0.5, 1.5));

    assertEquals(
        MODEL
            + "calibration.shrinkage: expected 0 or 2 values (one per horizon step), actual 3 values",
        refusal(changed(s -> s.setCalibration(tooLong))));
    assertEquals(
        MODEL + "calibration.shrinkage[1]: expected a value in [0, 1], actual 1.5",
        refusal(changed(s -> s.setCalibration(tooLarge))));
  }

  @Test
  void acceptsMatchingShrinkage() {
    Calibration calibration =
        new Calibration(0.8, List.of(-1.0, -1.2), List.of(1.0, 1.2), List.of(0.0, 1.0));

    ValidatedModel model = validator.validate(changed(s -> s.setCalibration(calibration)));

    assertEquals(List.of(0.0, 1.0), model.content().calibration().getShrinkage());
  }

  @Test
  void acceptsMatchingCalibration() {
    Calibration calibration =
        new Calibration(0.8, List.of(-1.0, -1.2), List.of(1.0, 1.2), List.of());

    ValidatedModel model = validator.validate(changed(s -> s.setCalibration(calibration)));

    assertEquals(calibration, model.content().calibration());
  }

  @Test
  void refusesAnInputSizeOtherThanTheWidthOfTheFeatureSpec() {
    String message = refusal(changed(s -> s.setFeatures("value,dt")));

    assertEquals(
        MODEL + "input_size: expected 2 (the width of features 'value,dt'), actual 3", message);
  }

  @Test
  void reportsAnInvalidFeatureSpec() {
    String message = refusal(changed(s -> s.setFeatures("value,bogus")));

    assertTrue(message.startsWith(MODEL + "features 'value,bogus' is not valid: "), message);
  }

  @Test
  void acceptsARecordUnderItsOwnKey() {
    assertEquals(
        3, validator.validateRecord("golden@3", TestModels.lstmSnapshot()).spec().inputSize());
  }

  @Test
  void refusesARecordUnderAnotherKey() {
    String message =
        assertThrows(
                InvalidModelException.class,
                () -> validator.validateRecord("golden@4", TestModels.lstmSnapshot()))
            .getMessage();

    assertEquals(
        MODEL + "its key must be 'golden@3' (the value's name@version), got 'golden@4'", message);
  }
}
