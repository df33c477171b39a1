package io.nowcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.GeneratedClassTrust;
import io.nowcast.avro.ModelSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * A snapshot written with the first released schema (schemas/baseline/ModelSnapshot-v1.avsc, whose
 * calibration has no shrinkage) still reads, validates and serves without shrinkage.
 */
class SnapshotV1CompatibilityTest {

  @Test
  void aV1CalibrationReadsWithAnEmptyShrinkage() throws IOException {
    Schema v1 =
        new Schema.Parser().parse(Path.of("schemas/baseline/ModelSnapshot-v1.avsc").toFile());
    ModelSnapshot current = TestModels.lstmSnapshot();
    current.setCalibration(
        new Calibration(0.8, List.of(-1.0, -1.2), List.of(1.0, 1.2), List.of(0.3, 0.7)));

    ModelSnapshot read = readWithCurrentSchema(writtenWith(v1, current), v1);

    assertEquals(List.of(), read.getCalibration().getShrinkage());
    assertEquals(List.of(-1.0, -1.2), read.getCalibration().getLower());
    ValidatedModel validated = SnapshotValidator.forServing().validate(read);
    assertEquals(List.of(1.0, 1.2), validated.content().calibration().getUpper());
  }

  /** The bytes a v1 writer produces for {@code snapshot} (fields v1 does not know are dropped). */
  private static byte[] writtenWith(Schema v1, ModelSnapshot snapshot) throws IOException {
    ByteArrayOutputStream current = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(current, null);
    new SpecificDatumWriter<>(ModelSnapshot.class).write(snapshot, encoder);
    encoder.flush();
    GenericRecord asV1 =
        new GenericDatumReader<GenericRecord>(ModelSnapshot.getClassSchema(), v1)
            .read(null, DecoderFactory.get().binaryDecoder(current.toByteArray(), null));
    ByteArrayOutputStream old = new ByteArrayOutputStream();
    BinaryEncoder oldEncoder = EncoderFactory.get().binaryEncoder(old, null);
    new GenericDatumWriter<GenericRecord>(v1).write(asV1, oldEncoder);
    oldEncoder.flush();
    return old.toByteArray();
  }

  private static ModelSnapshot readWithCurrentSchema(byte[] bytes, Schema writer)
      throws IOException {
    GeneratedClassTrust.trustGeneratedSchemas();
    return new SpecificDatumReader<ModelSnapshot>(writer, ModelSnapshot.getClassSchema())
        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
  }
}
