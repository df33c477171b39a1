package io.nowcast.engine;

import io.nowcast.features.FeatureState;
import java.nio.ByteBuffer;

/**
 * The feature pipeline's memory of one key (running statistics of the value and the covariates, the
 * typical interval), kept as the bytes of {@link FeatureState#writeTo}, which carry their own
 * format version. The engine loads them into its scratch {@code FeatureState} before an observation
 * and stores them back after it; the update rule itself is {@code FeaturePipeline}'s.
 *
 * <p>Binary form: the {@code FeatureState} bytes, up to the end of the part.
 */
final class Normalisation implements StatePart {
  private final StoredBytes features = new StoredBytes();

  /** True when the stored statistics have the size of {@code scratch}'s pipeline. */
  boolean fits(FeatureState scratch) {
    return features.length() == scratch.sizeBytes();
  }

  void loadInto(FeatureState scratch) {
    scratch.readFrom(features.view());
  }

  void store(FeatureState scratch) {
    scratch.writeTo(features.resizedTo(scratch.sizeBytes()));
  }

  @Override
  public int encodedSize() {
    return features.length();
  }

  @Override
  public void writeTo(ByteBuffer out) {
    features.writeTo(out);
  }

  @Override
  public void readFrom(ByteBuffer in) {
    read(in, in.remaining());
  }

  /** Reads {@code length} bytes of feature state from {@code in}. */
  void read(ByteBuffer in, int length) {
    features.read(in, length, "feature state");
  }
}
