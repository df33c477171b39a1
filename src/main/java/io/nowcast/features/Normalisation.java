package io.nowcast.features;

import java.math.BigDecimal;

/**
 * How the value (and, for {@link Kind#EW}, each covariate) is normalised before it reaches the
 * network. Immutable; validated on construction.
 *
 * @param kind the scheme
 * @param halfLife half-life in events of the exponentially weighted statistics ({@link Kind#EW}
 *     only, otherwise 0)
 * @param mean the fixed mean ({@link Kind#FIXED} only, otherwise 0)
 * @param std the fixed standard deviation, positive ({@link Kind#FIXED} only, otherwise 0)
 */
public record Normalisation(Kind kind, double halfLife, double mean, double std) {

  /** The default: EW statistics that forget slowly (half-life of 1000 events). */
  public static final Normalisation DEFAULT = ew(1000);

  /** The normalisation schemes of the {@code norm=} term. */
  public enum Kind {
    /** Running, exponentially weighted mean and variance per key (streaming RevIN). */
    EW,
    /** The raw value, unscaled. */
    NONE,
    /** A constant mean and standard deviation, e.g. from an imported model's training set. */
    FIXED
  }

  public Normalisation {
    // -0.0 prints as "0" and would not compare equal to its parsed copy.
    mean = mean + 0.0;
    if (kind == null) {
      throw new IllegalArgumentException("norm: kind is required");
    }
    if (kind == Kind.EW && !(halfLife > 0 && Double.isFinite(halfLife))) {
      throw new IllegalArgumentException(
          "norm=ew(halflife): half-life must be a positive finite number of events, was "
              + halfLife);
    }
    if (kind == Kind.FIXED && !(std > 0 && Double.isFinite(std) && Double.isFinite(mean))) {
      throw new IllegalArgumentException(
          "norm=fixed(mean,std): mean must be finite and std positive and finite, were "
              + mean
              + ", "
              + std);
    }
  }

  /** Exponentially weighted statistics with the given half-life in events. */
  public static Normalisation ew(double halfLife) {
    return new Normalisation(Kind.EW, halfLife, 0, 0);
  }

  /** No normalisation: the network sees raw values. */
  public static Normalisation none() {
    return new Normalisation(Kind.NONE, 0, 0, 0);
  }

  /** Constant statistics. */
  public static Normalisation fixed(double mean, double std) {
    return new Normalisation(Kind.FIXED, 0, mean, std);
  }

  /** The canonical term, e.g. {@code norm=ew(1000)}. */
  @Override
  public String toString() {
    switch (kind) {
      case EW:
        return "norm=ew(" + number(halfLife) + ")";
      case FIXED:
        return "norm=fixed(" + number(mean) + "," + number(std) + ")";
      default:
        return "norm=none";
    }
  }

  /** Shortest decimal that parses back to the same double, without exponent or trailing zeros. */
  static String number(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
