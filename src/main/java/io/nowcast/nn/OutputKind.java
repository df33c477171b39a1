package io.nowcast.nn;

/** What the dense head produces for each horizon step. */
public enum OutputKind {
  /** One value per step: the forecast mean. */
  POINT(1),
  /**
   * Two values per step: the mean, then a raw scale (sigma = softplus(raw) + 1e-4); means come
   * first.
   */
  PROBABILISTIC(2);

  private final int valuesPerStep;

  OutputKind(int valuesPerStep) {
    this.valuesPerStep = valuesPerStep;
  }

  public int valuesPerStep() {
    return valuesPerStep;
  }
}
