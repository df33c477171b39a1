package io.nowcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nowcast.avro.ModelSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
  @TempDir Path dir;

  @Test
  void roundTripKeepsEveryField() throws IOException {
    ModelSnapshot written = TestModels.lstmSnapshot();
    Path file = dir.resolve("model.avro");

    ModelFiles.write(file, written);
    ModelSnapshot read = ModelFiles.read(file);

    assertEquals(written, read);
    ModelContent content = Snapshots.fromSnapshot(read);
    assertArrayEquals(TestModels.lstm().parameters(), content.parameters());
    assertEquals("golden@3", content.key().toString());
    assertEquals("import:keras", content.training().getSource());
  }

  @Test
  void missingFileIsNamed() {
    Path file = dir.resolve("absent.avro");

    assertEquals("model file " + file + ": no such file", messageOf(file));
  }

  @Test
  void textFileIsNotAContainer() throws IOException {
    Path file = Files.writeString(dir.resolve("model.avro"), "{\"format\":\"keras\"}");

    assertEquals(
        "model file "
            + file
            + ": not an Avro object container file (expected the magic bytes 'Obj' 1 at the start)",
        messageOf(file));
  }

  @Test
  void emptyContainerIsRefused() throws IOException {
    Path file = container(0);

    assertEquals(
        "model file " + file + ": expected exactly 1 ModelSnapshot record, found 0",
        messageOf(file));
  }

  @Test
  void severalRecordsAreRefused() throws IOException {
    Path file = container(2);

    assertEquals(
        "model file " + file + ": expected exactly 1 ModelSnapshot record, found 2",
        messageOf(file));
  }

  @Test
  void writeValidatedWritesAModelThatReadsBackValidated() throws IOException {
    Path file = dir.resolve("model.avro");

    ValidatedModel written = ModelFiles.writeValidated(file, TestModels.lstm());

    assertEquals("golden@3", written.key().toString());
    assertEquals(written.key(), ModelFiles.readValidated(file).key());
  }

  @Test
  void writeValidatedLeavesNoFileForAModelThatMayNotServe() {
    ModelContent valid = TestModels.lstm();
    float[] parameters = valid.parameters().clone();
    parameters[0] = Float.NaN;
    ModelContent broken =
        new ModelContent(
            valid.name(),
            valid.version(),
            valid.createdAt(),
            valid.spec(),
            valid.features(),
            parameters,
            valid.calibration(),
            valid.training());
    Path file = dir.resolve("broken.avro");

    assertThrows(InvalidModelException.class, () -> ModelFiles.writeValidated(file, broken));
    assertFalse(Files.exists(file), "a refused model must leave no file");
  }

  private Path container(int records) throws IOException {
    Path file = dir.resolve("records-" + records + ".avro");
    try (DataFileWriter<ModelSnapshot> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(ModelSnapshot.class))) {
      writer.create(ModelSnapshot.getClassSchema(), file.toFile());
      for (int i = 0; i < records; i++) {
        writer.append(TestModels.lstmSnapshot());
      }
    }
    return file;
  }

  private static String messageOf(Path file) {
    return assertThrows(InvalidModelException.class, () -> ModelFiles.read(file)).getMessage();
  }
}
