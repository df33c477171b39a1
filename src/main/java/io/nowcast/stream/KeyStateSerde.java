package io.nowcast.stream;

import io.nowcast.engine.KeyState;
import io.nowcast.engine.KeyStateCodec;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Values of the sensor-state store and its changelog: {@link KeyStateCodec}'s blobs. Writes the
 * format the configuration chooses ({@code nowcast.state.format.write}), reads every format. A blob
 * that does not decode throws the codec's {@link IllegalStateException} (its message starts with
 * {@code key state:}), which the processing-exception handler treats like any processing failure:
 * it is not a failure to serialise an output.
 */
final class KeyStateSerde {

  private KeyStateSerde() {}

  static Serde<KeyState> writing(KeyStateCodec codec) {
    Serializer<KeyState> serializer = (topic, state) -> state == null ? null : codec.encode(state);
    Deserializer<KeyState> deserializer =
        (topic, blob) -> blob == null ? null : KeyStateCodec.decode(blob);
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
