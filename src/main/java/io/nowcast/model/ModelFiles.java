package io.nowcast.model;

import io.nowcast.avro.GeneratedClassTrust;
import io.nowcast.avro.ModelSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Model files on disk ({@code model.avro}): an Avro object container file holding exactly one
 * {@link ModelSnapshot}. The container carries its writer schema, so any Avro tool can read the
 * file, and newer readers resolve older files.
 */
public final class ModelFiles {
  static {
    GeneratedClassTrust.trustGeneratedSchemas();
  }

  private ModelFiles() {}

  /** Writes {@code snapshot} as the only record of a new container file, replacing {@code file}. */
  public static void write(Path file, ModelSnapshot snapshot) throws IOException {
    try (DataFileWriter<ModelSnapshot> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(ModelSnapshot.class))) {
      writer.create(ModelSnapshot.getClassSchema(), file.toFile());
      writer.append(snapshot);
    }
  }

  /**
   * Validates {@code content} and only then writes it as {@code file}, so a refused model leaves no
   * file behind.
   *
   * @throws InvalidModelException with the validator's message when the model may not serve
   */
  public static ValidatedModel writeValidated(Path file, ModelContent content) throws IOException {
    ModelSnapshot snapshot = Snapshots.toSnapshot(content);
    ValidatedModel model = SnapshotValidator.forServing().validate(snapshot);
    write(file, snapshot);
    return model;
  }

  /**
   * Reads a model file and validates it, as every command that takes a model file needs it.
   *
   * @throws InvalidModelException naming the file's or the model's problem
   */
  public static ValidatedModel readValidated(Path file) {
    return SnapshotValidator.forServing().validate(read(file));
  }

  /**
   * Reads the one snapshot of a model file; no validation of its content (see {@link
   * SnapshotValidator}).
   *
   * @throws InvalidModelException if the file is missing or unreadable, is not an Avro container
   *     file, does not hold ModelSnapshot records, or holds zero or several records
   */
  public static ModelSnapshot read(Path file) {
    requireContainer(file);
    try (DataFileReader<ModelSnapshot> reader =
        new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(ModelSnapshot.class))) {
      if (!reader.hasNext()) {
        throw new InvalidModelException(
            "model file " + file + ": expected exactly 1 ModelSnapshot record, found 0");
      }
      ModelSnapshot snapshot = reader.next();
      long count = 1;
      for (; reader.hasNext(); count++) {
        reader.next();
      }
      if (count != 1) {
        throw new InvalidModelException(
            "model file " + file + ": expected exactly 1 ModelSnapshot record, found " + count);
      }
      return snapshot;
    } catch (IOException | AvroRuntimeException e) {
      throw new InvalidModelException(
          "model file " + file + ": cannot read a ModelSnapshot: " + e.getMessage(), e);
    }
  }

  private static void requireContainer(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidModelException("model file " + file + ": no such file");
    }
    byte[] magic = DataFileConstants.MAGIC;
    byte[] head = new byte[magic.length];
    try (InputStream in = Files.newInputStream(file)) {
      int read = in.readNBytes(head, 0, head.length);
      if (read < magic.length || !Arrays.equals(head, magic)) {
        throw new InvalidModelException(
            "model file "
                + file
                + ": not an Avro object container file (expected the magic bytes 'Obj' 1 at the start)");
      }
    } catch (IOException e) {
      throw new InvalidModelException("model file " + file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
