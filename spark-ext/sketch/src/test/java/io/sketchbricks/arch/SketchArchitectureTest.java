package io.sketchbricks.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.sketchbricks.core.SketchKind;
import org.junit.jupiter.api.Test;

/**
 * The sketch module's layering, checked on its compiled classes: plain Java (no Spark, Scala or DJL, so that a
 * Flink or Kafka user can take the sketches alone) and no package cycles. The Maven build keeps the modules
 * apart; these rules keep the packages inside this one apart.
 */
class SketchArchitectureTest {
  /** This module's main classes only (the test classes, fixtures included, are left out). */
  private static final JavaClasses SKETCH = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.sketchbricks");

  /** No class of the sketch module uses Spark, Scala or DJL (the DJL and Spark parts live in their own modules). */
  static final ArchRule PLAIN_JAVA = noClasses().that().resideInAPackage("io.sketchbricks..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "ai.djl..")
      .because("the sketch module is plain Java: Spark glue goes to spark-ext/spark, DJL code to spark-ext/djl");

  /**
   * No cycles between the top-level packages ({@code io.sketchbricks.core}, {@code .frequency}, {@code .lego},
   * {@code .kinds}, ...): {@code core} knows no implementation, and the kind registry ({@code kinds}) sits above
   * them all.
   */
  static ArchRule noPackageCycles() {
    return slices().matching("io.sketchbricks.(*)..").should().beFreeOfCycles();
  }

  /** The envelope and the kind identities know no implementation: that is what keeps the registry on top. */
  static final ArchRule CORE_KNOWS_NO_KIND = noClasses().that().resideInAPackage("io.sketchbricks.core..")
      .should().dependOnClassesThat().resideOutsideOfPackages("io.sketchbricks.core..", "java..")
      .because("implementations are registered above core, in io.sketchbricks.kinds");

  @Test
  void sketchesUseNoSparkScalaOrDjl() {
    assertTrue(SKETCH.contain(SketchKind.class) && SKETCH.size() > 50,
        "the import must see this module's classes, got " + SKETCH.size());
    PLAIN_JAVA.check(SKETCH);
  }

  @Test
  void packagesAreFreeOfCycles() {
    noPackageCycles().check(SKETCH);
  }

  @Test
  void coreDependsOnNoImplementation() {
    CORE_KNOWS_NO_KIND.check(SKETCH);
  }

  /** The cycle rule is not vacuous: two packages that use each other fail it. */
  @Test
  void theCycleRuleCatchesACycle() {
    JavaClasses fixture = new ClassFileImporter().importClasses(
        io.sketchbricks.archfixture.a.UsesB.class, io.sketchbricks.archfixture.b.UsesA.class);
    assertFalse(slices().matching("io.sketchbricks.archfixture.(*)..").should().beFreeOfCycles()
        .evaluate(fixture).getFailureReport().isEmpty(), "a -> b -> a must be reported");
  }
}
