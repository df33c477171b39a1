package io.nowcast.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The trainer must actually learn: on a seeded noisy AR(2) process (y_t = 1.6·y_{t−1} − 0.8·y_{t−2}
 * + noise, a damped oscillation that repeat-last-value tracks badly) a small LSTM trained for at
 * most 15 epochs forecasts 4 steps ahead with a holdout MSE far below persistence's (seen: 0.40 vs
 * 1.18 in normalised units).
 */
class TrainerLearningTest {

  @Test
  void learnsAnAr2SeriesFarBetterThanPersistence() {
    List<Series> series =
        List.of(
            TrainingFixtures.ar2("ar2-a", 3000, 0.5, 1),
            TrainingFixtures.ar2("ar2-b", 3000, 0.5, 2));

    TrainingResult result =
        new Trainer(TrainingFixtures.small(15, 3, 7), ProgressListener.NONE).train(series);

    double model = result.challenger().mse();
    double persistence = result.persistence().mse();
    assertTrue(model < 0.5, "challenger holdout MSE " + model + ", expected < 0.5");
    assertTrue(
        model < 0.5 * persistence, "challenger MSE " + model + " vs persistence " + persistence);
  }
}
