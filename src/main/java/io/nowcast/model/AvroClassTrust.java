package io.nowcast.model;

import io.nowcast.avro.Calibration;
import io.nowcast.avro.Cell;
import io.nowcast.avro.ModelSnapshot;
import io.nowcast.avro.Output;
import io.nowcast.avro.RnnActivation;
import io.nowcast.avro.TrainingInfo;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro ≥ 1.12.1 refuses to load generated classes by name unless they are trusted (a guard against
 * deserialisation gadgets). Reading a container file resolves ModelSnapshot and its nested types by
 * name, so we add exactly those classes to the JVM-wide predicate, once, keeping whatever the
 * predicate already trusted (including the system properties).
 */
final class AvroClassTrust {
  private static boolean installed;

  private AvroClassTrust() {}

  static synchronized void trustModelSnapshotClasses() {
    if (installed) {
      return;
    }
    ClassSecurityValidator.ClassSecurityPredicate ours =
        ClassSecurityValidator.builder()
            .add(ModelSnapshot.class)
            .add(Calibration.class)
            .add(TrainingInfo.class)
            .add(Cell.class)
            .add(RnnActivation.class)
            .add(Output.class)
            .build();
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours));
    installed = true;
  }
}
