package io.nowcast.trainer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PublishRuleTest {

  @Test
  void withoutChampionTheChallengerMustBeatPersistence() {
    assertTrue(PublishRule.decide(0.10, 0.12, null, null, "normalised").publish());
    PublishRule.Decision lost = PublishRule.decide(0.12, 0.12, null, null, "normalised");
    assertFalse(lost.publish());
    assertTrue(lost.reason().contains("repeat-last-value 0.12000"), lost.reason());
  }

  @Test
  void theChallengerMustBeatTheChampionStrictly() {
    PublishRule.Decision tie = PublishRule.decide(0.10, 0.20, "m@3", 0.10, "normalised");
    assertFalse(tie.publish());
    assertTrue(tie.reason().contains("champion m@3 MAE 0.10000"), tie.reason());
    assertTrue(PublishRule.decide(0.09, 0.20, "m@3", 0.10, "normalised").publish());
  }

  @Test
  void beatingTheChampionIsNotEnoughWhenPersistenceIsBetter() {
    assertFalse(PublishRule.decide(0.09, 0.08, "m@3", 0.10, "normalised").publish());
  }

  @Test
  void aNonFiniteChallengerIsNeverPublished() {
    PublishRule.Decision nan = PublishRule.decide(Double.NaN, 0.2, null, null, "normalised");
    assertFalse(nan.publish());
    assertTrue(nan.reason().contains("not finite"), nan.reason());
  }
}
