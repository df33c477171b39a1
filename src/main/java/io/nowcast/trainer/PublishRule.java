package io.nowcast.trainer;

import io.nowcast.features.FeatureSpec;
import io.nowcast.model.ModelContent;
import io.nowcast.train.HoldoutScore;
import io.nowcast.train.TrainingResult;
import java.util.Locale;

/**
 * Whether a challenger replaces the champion: only when its holdout MAE is strictly lower than the
 * champion's and than repeat-last-value's on the same holdout positions. MAEs are compared in
 * normalised units (every key weighs the same) when challenger and champion share a feature spec,
 * and in original units otherwise (their normalised scales then differ).
 */
final class PublishRule {

  /** The verdict and, either way, a sentence saying why. */
  record Decision(boolean publish, String reason) {}

  private PublishRule() {}

  static Decision decide(TrainingResult result, ModelContent champion) {
    boolean normalised = champion == null || sameFeatures(champion.features(), result.features());
    return decide(
        maeOf(result.challenger(), normalised),
        maeOf(result.persistence(), normalised),
        champion == null ? null : champion.key().toString(),
        champion == null ? null : maeOf(result.champion(), normalised),
        normalised ? "normalised" : "original units");
  }

  /**
   * The rule on the figures alone.
   *
   * @param championKey the champion's {@code name@version}, or null when there is none
   * @param championMae the champion's MAE, or null when there is none
   * @param units the units of the MAEs, for the reason
   */
  static Decision decide(
      double challenger, double persistence, String championKey, Double championMae, String units) {
    if (!Double.isFinite(challenger)) {
      return new Decision(false, "challenger holdout MAE is not finite (" + challenger + ")");
    }
    if (!(challenger < persistence)) {
      return new Decision(
          false,
          format(
              "challenger MAE %.5f does not beat repeat-last-value %.5f (%s)",
              challenger, persistence, units));
    }
    if (championMae == null) {
      return new Decision(
          true,
          format(
              "no champion; challenger MAE %.5f beats repeat-last-value %.5f (%s)",
              challenger, persistence, units));
    }
    if (!(challenger < championMae)) {
      return new Decision(
          false,
          format(
              "challenger MAE %.5f does not beat champion %s MAE %.5f (%s)",
              challenger, championKey, championMae, units));
    }
    return new Decision(
        true,
        format(
            "challenger MAE %.5f beats champion %s %.5f and repeat-last-value %.5f (%s)",
            challenger, championKey, championMae, persistence, units));
  }

  private static boolean sameFeatures(String championFeatures, String challengerFeatures) {
    return FeatureSpec.parse(championFeatures).equals(FeatureSpec.parse(challengerFeatures));
  }

  private static double maeOf(HoldoutScore score, boolean normalised) {
    return normalised ? score.mae() : score.maeOriginal();
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
