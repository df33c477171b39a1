package io.nowcast.model;

import io.nowcast.avro.ModelSnapshot;
import io.nowcast.nn.OutputKind;
import java.time.Instant;

/** Small valid models for the tests, imported from the golden files. */
final class TestModels {
  static final Instant CREATED = Instant.parse("2026-11-26T00:00:00Z");

  private TestModels() {}

  static ModelContent lstm() {
    ImportedNetwork network =
        ModelImport.parse(
            GoldenCase.load("lstm1").kerasJson(), ImportFormat.KERAS, OutputKind.POINT);
    return ModelImport.content(network, ImportFormat.KERAS, "golden", 3, "value,dt,gap", CREATED);
  }

  static ModelSnapshot lstmSnapshot() {
    return Snapshots.toSnapshot(lstm());
  }
}
