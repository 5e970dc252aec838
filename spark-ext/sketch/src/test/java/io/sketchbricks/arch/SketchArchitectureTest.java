package io.sketchbricks.arch;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
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
   * ...). One known cycle is ignored, exactly: {@link SketchKind} names every kind's payload reader, and every
   * implementation uses {@code core}'s format. The fix is a kind registry above the implementations (issue 14,
   * later part): then this exception goes.
   */
  static ArchRule noPackageCycles() {
    return slices().matching("io.sketchbricks.(*)..").should().beFreeOfCycles()
        .ignoreDependency(describe("core.SketchKind", (JavaClass c) -> c.isEquivalentTo(SketchKind.class)),
            describe("a sketch implementation", (JavaClass c) -> !c.getPackageName().startsWith("io.sketchbricks.core")
                && c.getPackageName().startsWith("io.sketchbricks.")));
  }

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

  /** The cycle rule is not vacuous: two packages that use each other fail it. */
  @Test
  void theCycleRuleCatchesACycle() {
    JavaClasses fixture = new ClassFileImporter().importClasses(
        io.sketchbricks.archfixture.a.UsesB.class, io.sketchbricks.archfixture.b.UsesA.class);
    assertFalse(slices().matching("io.sketchbricks.archfixture.(*)..").should().beFreeOfCycles()
        .evaluate(fixture).getFailureReport().isEmpty(), "a -> b -> a must be reported");
  }
}
