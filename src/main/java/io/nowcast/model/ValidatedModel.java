package io.nowcast.model;

import io.nowcast.nn.NetworkSpec;

/**
 * A model that passed {@link SnapshotValidator}: its shape forms a network, its parameters fit the
 * layout and are all finite, its calibration matches the horizon. Only the validator creates one,
 * so holding this type is the proof that the model may serve.
 */
public final class ValidatedModel {
  private final ModelContent content;

  ValidatedModel(ModelContent content) {
    this.content = content;
  }

  public ModelContent content() {
    return content;
  }

  public NetworkSpec spec() {
    return content.spec();
  }

  /** A copy of the flat parameter buffer (the model itself stays immutable). */
  public float[] parameters() {
    return content.parameters().clone();
  }

  /** The models-topic key. */
  public ModelKey key() {
    return content.key();
  }

  @Override
  public String toString() {
    return key() + " " + spec();
  }
}
