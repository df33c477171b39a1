package io.nowcast.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowcast.features.FeatureSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainerConfigTest {

  private static Map<String, Object> minimal() {
    Map<String, Object> properties = new HashMap<>();
    properties.put(CommonConfig.INPUT_TOPICS, "a,b");
    return properties;
  }

  @Test
  void defaultsOfEveryTrainerKey() {
    TrainerConfig config = new TrainerConfig(minimal());

    assertEquals(Duration.ofHours(1), config.interval());
    assertEquals(Duration.ofDays(7), config.history());
    assertEquals(10_000, config.maxPointsPerKey());
    assertEquals(100, config.minPointsPerKey());
    assertEquals(0.2, config.holdoutFraction());
    assertTrue(config.warmStart());
    assertEquals("LSTM", config.cell());
    assertEquals("TANH", config.activation());
    assertArrayEquals(new int[] {32, 32}, config.layers());
    assertEquals(12, config.horizon());
    assertEquals("POINT", config.output());
    assertEquals(0.8, config.intervalLevel());
    assertEquals(FeatureSpec.parse("value,norm=ew(200),target=delta,diff"), config.features());
    assertEquals(32, config.chunkLength());
    assertEquals(8, config.batchSize());
    assertEquals(1e-3, config.learningRate());
    assertEquals("ADAM", config.optimizer());
    assertEquals(1.0, config.clipNorm());
    assertEquals(200, config.epochs());
    assertEquals(20, config.patience());
    assertEquals(42L, config.seed());
    assertEquals(3, config.ensemble());
  }

  @Test
  void setValuesAreParsedCaseInsensitively() {
    Map<String, Object> properties = minimal();
    properties.put(TrainerConfig.CELL, "GRU");
    properties.put(TrainerConfig.OPTIMIZER, "RMSprop");
    properties.put(TrainerConfig.LAYERS, "32, 16,8");
    properties.put(TrainerConfig.FEATURES, "value,gap,dt");
    properties.put(TrainerConfig.HISTORY, "PT36H");
    TrainerConfig config = new TrainerConfig(properties);

    assertEquals("GRU", config.cell());
    assertEquals("RMSPROP", config.optimizer());
    assertArrayEquals(new int[] {32, 16, 8}, config.layers());
    assertEquals("value,dt,gap", config.features().toString());
    assertEquals(Duration.ofHours(36), config.history());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "nowcast.trainer.interval | hourly",
        "nowcast.trainer.history | -7d",
        "nowcast.trainer.max.points.per.key | 0",
        "nowcast.trainer.min.points.per.key | 0",
        "nowcast.trainer.holdout.fraction | 1",
        "nowcast.trainer.holdout.fraction | 0",
        "nowcast.trainer.warm.start | yes please",
        "nowcast.model.cell | transformer",
        "nowcast.model.activation | sigmoid",
        "nowcast.model.layers | 64,0",
        "nowcast.model.layers | wide",
        "nowcast.model.horizon | 0",
        "nowcast.model.output | quantile",
        "nowcast.model.interval.level | 0",
        "nowcast.model.interval.level | 1",
        "nowcast.model.interval.level | 1.5",
        "nowcast.model.interval.level | -0.8",
        "nowcast.model.features | dt,value",
        "nowcast.model.chunk.length | 0",
        "nowcast.model.batch.size | 0",
        "nowcast.model.learning.rate | 0",
        "nowcast.model.optimizer | sgd",
        "nowcast.model.clip.norm | -1",
        "nowcast.model.epochs | 0",
        "nowcast.model.patience | -1",
        "nowcast.model.seed | lucky",
        "nowcast.model.ensemble | 0",
        "nowcast.model.ensemble | three",
      })
  void badValuesNameTheKeyAndTheValue(String key, String value) {
    Map<String, Object> properties = minimal();
    properties.put(key, value);
    ConfigException e = assertThrows(ConfigException.class, () -> new TrainerConfig(properties));

    assertTrue(e.getMessage().contains(key), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
  }

  @Test
  void featureSpecErrorsAreExplained() {
    Map<String, Object> properties = minimal();
    properties.put(TrainerConfig.FEATURES, "value,norm=ew(x)");
    ConfigException e = assertThrows(ConfigException.class, () -> new TrainerConfig(properties));

    assertTrue(e.getMessage().contains("'x' is not a number"), e.getMessage());
  }

  @Test
  void minimumPointsAboveMaximumIsAnErrorNamingBoth() {
    Map<String, Object> properties = minimal();
    properties.put(TrainerConfig.MIN_POINTS_PER_KEY, "500");
    properties.put(TrainerConfig.MAX_POINTS_PER_KEY, "400");
    ConfigException e = assertThrows(ConfigException.class, () -> new TrainerConfig(properties));

    assertTrue(
        e.getMessage().contains(TrainerConfig.MIN_POINTS_PER_KEY)
            && e.getMessage().contains(TrainerConfig.MAX_POINTS_PER_KEY)
            && e.getMessage().contains("500"),
        e.getMessage());
  }

  @Test
  void forecasterKeysAreAcceptedInTheTrainersFile() {
    Map<String, Object> properties = minimal();
    properties.put(ForecasterConfig.HTTP_PORT, "9000");

    assertEquals(12, new TrainerConfig(properties).horizon());
  }
}
