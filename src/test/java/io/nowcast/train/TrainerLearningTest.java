package io.nowcast.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerLearningTest {

  @Test
  void learnsAnAr2SeriesFarBetterThanPersistence() {
    List<Series> series = List.of(TrainingFixtures.ar2("ar2-a", 3000, 0.5, 1), TrainingFixtures.ar2("ar2-b", 3000, 0.5, 2));

    TrainingResult result = new Trainer(TrainingFixtures.small(15, 3, 7), p -> System.out.println(p)).train(series);

    double model = result.challenger().mse();
    double persistence = result.persistence().mse();
    System.out.printf("challenger %.4f persistence %.4f epochs %d steps/s %.0f%n", model, persistence, result.epochs(), result.sequenceStepsPerSecond());
    assertTrue(model < 0.5 * persistence, "challenger MSE " + model + " vs persistence " + persistence);
  }
}
