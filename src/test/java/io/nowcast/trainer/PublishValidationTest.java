package io.nowcast.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.avro.ModelSnapshot;
import io.nowcast.features.FeatureSpec;
import io.nowcast.model.InvalidModelException;
import io.nowcast.model.ModelKey;
import io.nowcast.model.Snapshots;
import io.nowcast.nn.Activation;
import io.nowcast.nn.CellType;
import io.nowcast.nn.OutputKind;
import io.nowcast.train.ProgressListener;
import io.nowcast.train.Series;
import io.nowcast.train.Trainer;
import io.nowcast.train.TrainingResult;
import io.nowcast.train.TrainingSettings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainer publishes only a snapshot the forecaster's validator accepts. */
class PublishValidationTest {
  private static final Instant CREATED = Instant.parse("2026-12-01T00:00:00Z");

  private static TrainingResult trained() {
    TrainingSettings settings =
        new TrainingSettings(
            CellType.LSTM,
            Activation.TANH,
            new int[] {8},
            2,
            OutputKind.POINT,
            FeatureSpec.DEFAULT,
            32,
            8,
            1e-2,
            TrainingSettings.OptimizerKind.ADAM,
            1.0,
            1.0,
            2,
            0,
            1,
            0.25,
            50,
            0.8,
            TrainingSettings.LossKind.MSE,
            1,
            1,
            0,
            0);
    int length = 400;
    long[] times = new long[length];
    double[] values = new double[length];
    for (int t = 0; t < length; t++) {
      times[t] = 1_600_000_000_000L + 60_000L * t;
      values[t] = 20 + Math.sin(t / 7.0);
    }
    return new Trainer(settings, ProgressListener.NONE)
        .train(List.of(Series.of("s", times, values)));
  }

  @Test
  void aValidTrainedModelIsPublishedUnderItsKeyAsTrained() {
    TrainingResult result = trained();

    ModelSnapshot snapshot =
        TrainerService.validatedSnapshot(result, "plant", 4, CREATED, "topics:t");

    assertEquals(new ModelKey("plant", 4), ModelKey.of(snapshot));
    assertArrayEquals(result.parameters(), Snapshots.fromSnapshot(snapshot).parameters());
  }

  @Test
  void aTrainedSnapshotTheForecasterWouldRefuseIsNotPublished() {
    TrainingResult result = trained();
    result.parameters()[3] = Float.NaN;

    InvalidModelException refused =
        assertThrows(
            InvalidModelException.class,
            () -> TrainerService.validatedSnapshot(result, "plant", 4, CREATED, "topics:t"));

    assertTrue(
        refused
            .getMessage()
            .startsWith(
                "not publishing plant@4: the trained snapshot fails validation (model plant@4: "
                    + "parameters layers[0]."),
        refused.getMessage());
    assertTrue(refused.getMessage().endsWith("expected a finite value, actual NaN)"));
  }
}
