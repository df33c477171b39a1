package io.nowcast.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The BACKWARD rule of docs/serde.md, enforced: data written with every released schema version (a
 * file {@code schemas/baseline/<Name>-v<N>.avsc}) must stay readable with the current {@code
 * schemas/<Name>.avsc}. Adding a baseline file is all it takes to protect a version.
 */
class SchemaEvolutionTest {

  private static final Path SCHEMAS = Path.of("schemas");
  private static final Path BASELINES = SCHEMAS.resolve("baseline");

  @TestFactory
  Stream<DynamicTest> everyBaselineReadsWithTheCurrentSchema() throws IOException {
    List<Path> baselines = baselineFiles();
    assertFalse(baselines.isEmpty(), "no baseline schemas under " + BASELINES.toAbsolutePath());
    return baselines.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> assertReadable(parse(file), parse(currentFileOf(file)))));
  }

  @Test
  void theReleasedSchemasHaveBaselines() throws IOException {
    List<String> names = baselineFiles().stream().map(p -> p.getFileName().toString()).toList();
    for (String expected :
        List.of("SensorReading-v1.avsc", "Forecast-v1.avsc", "AccuracyReport-v1.avsc")) {
      assertTrue(names.contains(expected), expected + " missing from " + names);
    }
  }

  @Test
  void aFieldAddedWithoutDefaultIsCaught() {
    Schema baseline = SchemaBuilder.record("R").fields().requiredString("id").endRecord();
    Schema current =
        SchemaBuilder.record("R").fields().requiredString("id").requiredDouble("added").endRecord();
    AssertionError error = null;
    try {
      assertReadable(baseline, current);
    } catch (AssertionError e) {
      error = e;
    }
    assertTrue(
        error != null && error.getMessage().contains("added"),
        "the check must name the field: " + error);
  }

  @Test
  void aFieldAddedWithDefaultPasses() {
    Schema baseline = SchemaBuilder.record("R").fields().requiredString("id").endRecord();
    Schema current =
        SchemaBuilder.record("R")
            .fields()
            .requiredString("id")
            .name("added")
            .type()
            .doubleType()
            .doubleDefault(1.5)
            .endRecord();
    GenericRecord read = assertReadable(baseline, current);
    assertEquals(1.5, read.get("added"));
  }

  /**
   * Checks Avro's compatibility verdict, then really writes with the baseline and reads with
   * current.
   */
  private static GenericRecord assertReadable(Schema baseline, Schema current) {
    SchemaCompatibility.SchemaPairCompatibility verdict =
        SchemaCompatibility.checkReaderWriterCompatibility(current, baseline);
    if (verdict.getType() != SchemaCompatibilityType.COMPATIBLE) {
      fail(
          "current "
              + current.getFullName()
              + " cannot read data written with the baseline: "
              + verdict.getResult().getIncompatibilities().stream()
                  .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                  .toList()
              + "; new fields need a default, see docs/serde.md");
    }
    GenericRecord written = (GenericRecord) sample(baseline, new SplittableRandom(7));
    GenericRecord read = roundTrip(written, baseline, current);
    for (Schema.Field field : baseline.getFields()) {
      Schema.Field now = current.getField(field.name());
      if (now != null && now.schema().equals(field.schema())) {
        assertEquals(written.get(field.name()), read.get(field.name()), "field " + field.name());
      }
    }
    return read;
  }

  private static GenericRecord roundTrip(GenericRecord record, Schema writer, Schema reader) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
      encoder.flush();
      return new GenericDatumReader<GenericRecord>(writer, reader)
          .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A value of {@code schema} with every branch filled (unions take their last branch); strings are
   * {@link Utf8} so that values compare equal to what a generic reader returns.
   */
  private static Object sample(Schema schema, SplittableRandom random) {
    return switch (schema.getType()) {
      case RECORD -> {
        GenericRecord record = new GenericData.Record(schema);
        schema.getFields().forEach(f -> record.put(f.pos(), sample(f.schema(), random)));
        yield record;
      }
      case ARRAY ->
          new GenericData.Array<>(schema, List.of(sample(schema.getElementType(), random)));
      case MAP -> {
        Map<Utf8, Object> map = new HashMap<>();
        map.put(new Utf8("k" + random.nextInt(100)), sample(schema.getValueType(), random));
        yield map;
      }
      case UNION -> sample(schema.getTypes().get(schema.getTypes().size() - 1), random);
      case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(0));
      case FIXED -> new GenericData.Fixed(schema, new byte[schema.getFixedSize()]);
      case STRING -> new Utf8("s" + random.nextInt(1000));
      case BYTES -> ByteBuffer.wrap(new byte[] {(byte) random.nextInt()});
      case INT -> random.nextInt(1000);
      case LONG -> random.nextLong(1L << 40);
      case FLOAT -> (float) random.nextDouble();
      case DOUBLE -> random.nextDouble();
      case BOOLEAN -> random.nextBoolean();
      case NULL -> null;
    };
  }

  private static List<Path> baselineFiles() throws IOException {
    try (Stream<Path> files = Files.list(BASELINES)) {
      return new ArrayList<>(files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList());
    }
  }

  /** {@code baseline/Forecast-v1.avsc} → {@code Forecast.avsc}. */
  private static Path currentFileOf(Path baseline) {
    String name = baseline.getFileName().toString();
    int version = name.lastIndexOf("-v");
    if (version < 0) {
      fail("baseline " + name + " is not named <Name>-v<N>.avsc");
    }
    return SCHEMAS.resolve(name.substring(0, version) + ".avsc");
  }

  private static Schema parse(Path file) throws IOException {
    if (!Files.exists(file)) {
      fail("no current schema " + file + " for a baseline: a released schema may not be removed");
    }
    return new Schema.Parser().parse(file.toFile());
  }
}
