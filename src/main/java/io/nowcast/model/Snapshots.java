package io.nowcast.model;

import io.nowcast.avro.Cell;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.Output;
import io.nowcast.avro.RnnActivation;
import io.nowcast.nn.Activation;
import io.nowcast.nn.CellType;
import io.nowcast.nn.NetworkSpec;
import io.nowcast.nn.OutputKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Converts between the wire record {@link ModelSnapshot} and {@link ModelContent}. The parameters
 * travel as one flat little-endian float32 byte buffer. Decoding checks only what it must to build
 * the objects; {@link SnapshotValidator} does the full check with field-level messages.
 */
public final class Snapshots {
  /** The {@code format_version} this code writes and the only one it reads. */
  public static final int FORMAT_VERSION = 1;

  private Snapshots() {}

  public static ModelSnapshot toSnapshot(ModelContent content) {
    NetworkSpec spec = content.spec();
    return ModelSnapshot.newBuilder()
        .setFormatVersion(FORMAT_VERSION)
        .setName(content.name())
        .setVersion(content.version())
        .setCreatedAt(content.createdAt())
        .setCell(Cell.valueOf(spec.cell().name()))
        .setActivation(RnnActivation.valueOf(spec.activation().name()))
        .setLayerSizes(Arrays.stream(spec.layerSizes()).boxed().toList())
        .setInputSize(spec.inputSize())
        .setHorizon(spec.horizon())
        .setOutput(Output.valueOf(spec.output().name()))
        .setFeatures(content.features())
        .setParameters(toBytes(content.parameters()))
        .setCalibration(content.calibration())
        .setTraining(content.training())
        .build();
  }

  /**
   * The content of a snapshot, without validation beyond what building a {@link NetworkSpec} needs.
   *
   * @throws InvalidModelException if the shape cannot form a network or the parameter bytes are not
   *     whole float32 values
   */
  public static ModelContent fromSnapshot(ModelSnapshot snapshot) {
    return new ModelContent(
        snapshot.getName(),
        snapshot.getVersion(),
        snapshot.getCreatedAt(),
        specOf(snapshot),
        snapshot.getFeatures(),
        toFloats(snapshot.getParameters()),
        snapshot.getCalibration(),
        snapshot.getTraining());
  }

  /** The network shape a snapshot declares. */
  public static NetworkSpec specOf(ModelSnapshot snapshot) {
    List<Integer> sizes = snapshot.getLayerSizes();
    try {
      return new NetworkSpec(
          CellType.valueOf(snapshot.getCell().name()),
          Activation.valueOf(snapshot.getActivation().name()),
          snapshot.getInputSize(),
          sizes.stream().mapToInt(Integer::intValue).toArray(),
          snapshot.getHorizon(),
          OutputKind.valueOf(snapshot.getOutput().name()));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException(
          "model " + snapshot.getName() + ": bad shape: " + e.getMessage(), e);
    }
  }

  /** {@code values} as little-endian float32 bytes. */
  public static ByteBuffer toBytes(float[] values) {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return bytes;
  }

  /**
   * Little-endian float32 bytes (from the buffer's position to its limit, which is left untouched)
   * as floats.
   *
   * @throws InvalidModelException if the byte count is not a multiple of four
   */
  public static float[] toFloats(ByteBuffer bytes) {
    ByteBuffer view = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (view.remaining() % Float.BYTES != 0) {
      throw new InvalidModelException(
          "parameters: expected a multiple of 4 bytes (float32), actual "
              + view.remaining()
              + " bytes");
    }
    float[] values = new float[view.remaining() / Float.BYTES];
    view.asFloatBuffer().get(values);
    return values;
  }
}
