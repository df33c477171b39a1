package io.nowcast.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Package boundaries that keep the maths portable and testable without Kafka. */
class ArchitectureTest {

  private static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nowcast");
  }

  @Test
  void networkPackageDependsOnlyOnTheJdk() {
    classes()
        .that()
        .resideInAPackage("io.nowcast.nn..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.nowcast.nn..", "java..", "jdk.incubator.vector..")
        .because("the network must run and be tested without Kafka, Avro or any framework")
        .check(production);
  }

  @Test
  void featurePackageDependsOnlyOnTheJdk() {
    classes()
        .that()
        .resideInAPackage("io.nowcast.features..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.nowcast.features..", "java..")
        .because(
            "the trainer, the backtest and the forecaster share the pipeline; it must not drag in Kafka or Avro")
        .check(production);
  }

  @Test
  void configurationPackageDependsOnlyOnKafkaConfigAndFeatures() {
    classes()
        .that()
        .resideInAPackage("io.nowcast.config..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.nowcast.config..",
            "io.nowcast.features..",
            "java..",
            "org.apache.kafka.common.config..")
        .because(
            "configuration is declared data; it validates feature specs but must not start clients")
        .check(production);
  }

  @Test
  void modelPackageDependsOnlyOnTheNetworkTheFeaturesAndAvro() {
    classes()
        .that()
        .resideInAPackage("io.nowcast.model..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.nowcast.model..",
            "io.nowcast.nn..",
            "io.nowcast.features..",
            "io.nowcast.avro..",
            "org.apache.avro..",
            "com.fasterxml.jackson..",
            "java..")
        .because(
            "the trainer, the forecaster and the commands share the model lifecycle (keys, validation, "
                + "the champion); reading the models topic is theirs, so the lifecycle must not import Kafka")
        .check(production);
  }

  @Test
  void enginePackageDependsOnlyOnTheModelLayersAndAvro() {
    classes()
        .that()
        .resideInAPackage("io.nowcast.engine..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.nowcast.engine..",
            "io.nowcast.nn..",
            "io.nowcast.features..",
            "io.nowcast.model..",
            "io.nowcast.avro..",
            "org.apache.avro..",
            "java..")
        .because(
            "the forecaster, the backtest and the trainer share the engine; it must run without Kafka")
        .check(production);
  }

  @Test
  void trainingPackageDoesNotDependOnKafkaOrTheConfigurationLayer() {
    classes()
        .that()
        .resideInAPackage("io.nowcast.train..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.nowcast.train..",
            "io.nowcast.nn..",
            "io.nowcast.features..",
            "io.nowcast.model..",
            "io.nowcast.engine..",
            "io.nowcast.avro..",
            "com.fasterxml.jackson..",
            "java..")
        .because(
            "the same training code serves the CLI, the backtest and the trainer service; reading topics is "
                + "the service's job, so the core must not import Kafka (Jackson renders its summary JSON)")
        .check(production);
  }

  @Test
  void evaluationPackageDoesNotDependOnKafkaOrTheConfigurationLayer() {
    classes()
        .that()
        .resideInAPackage("io.nowcast.eval..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.nowcast.eval..",
            "io.nowcast.train..",
            "io.nowcast.engine..",
            "io.nowcast.nn..",
            "io.nowcast.features..",
            "io.nowcast.model..",
            "io.nowcast.avro..",
            "org.apache.avro..",
            "org.jfree..",
            "com.fasterxml.jackson..",
            "java..")
        .because(
            "the backtest scores the serving code path offline; it must run without Kafka or a broker "
                + "(Jackson renders its report JSON)")
        .check(production);
  }

  @Test
  void nothingDependsOnTheCommandLineLayer() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.nowcast.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.nowcast.cli..")
        .because("commands are thin entry points over the feature packages, never the reverse")
        .check(production);
  }
}
