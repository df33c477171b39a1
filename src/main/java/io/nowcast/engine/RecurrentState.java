package io.nowcast.engine;

import io.nowcast.nn.NetworkState;
import java.nio.ByteBuffer;

/**
 * The network's recurrent state of one key (h, and c for LSTM, of every layer) and the version of
 * the model that computed it, kept as the bytes of {@link NetworkState#writeTo}: the engine loads
 * them into its scratch state for the step and stores them back after it. Its rule: the bytes
 * belong to exactly one model version; another model re-warms the key from its ring.
 *
 * <p>Binary form: model version (long), then the {@code NetworkState} bytes (float32 little-endian,
 * the order of the model parameters) up to the end of the part.
 */
final class RecurrentState implements StatePart {
  private final StoredBytes network = new StoredBytes();
  private long modelVersion = KeyState.NO_MODEL;

  long modelVersion() {
    return modelVersion;
  }

  /** Length of the stored network state; 0 without a model. */
  int length() {
    return network.length();
  }

  /** True when the bytes were computed by {@code version} for a state of {@code scratch}'s size. */
  boolean isCurrentFor(long version, NetworkState scratch) {
    return modelVersion == version && network.length() == scratch.serializedSize();
  }

  void loadInto(NetworkState scratch) {
    scratch.readFrom(network.view());
  }

  /** Stores {@code scratch}, the state after a step of model {@link #modelVersion()}. */
  void store(NetworkState scratch) {
    scratch.writeTo(network.resizedTo(scratch.serializedSize()));
  }

  /** From now on the state belongs to {@code version} (the engine has just re-warmed it). */
  void bindTo(long version) {
    modelVersion = version;
  }

  /** No model: no recurrent state. */
  void clear() {
    modelVersion = KeyState.NO_MODEL;
    network.clear();
  }

  @Override
  public int encodedSize() {
    return Long.BYTES + network.length();
  }

  @Override
  public void writeTo(ByteBuffer out) {
    out.putLong(modelVersion);
    network.writeTo(out);
  }

  @Override
  public void readFrom(ByteBuffer in) {
    long version = in.getLong();
    read(version, in, in.remaining());
  }

  /** Sets the model version and reads {@code length} bytes of network state from {@code in}. */
  void read(long version, ByteBuffer in, int length) {
    network.read(in, length, "network state");
    modelVersion = version;
  }

  /** Writes the network state's bytes alone (format 2 keeps the model version elsewhere). */
  void writeNetworkTo(ByteBuffer out) {
    network.writeTo(out);
  }
}
