package dev.vllmscan.provider;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import org.junit.jupiter.api.Test;

/**
 * The vLLM provider's layers, bottom up: probe (HTTP, gRPC, side ports), parse ← verdict ← connection ← resources ←
 * vllm (the provider object) ← {@link VllmPlugin} (its main). {@code api..} holds what hosts may use (values, the
 * advisory database, side-port options); it sits low and reaches nothing above it.
 */
class ArchitectureTest {
  private static final JavaClasses PROVIDER = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.vllmscan.provider");

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.vllmscan.provider.(**)").should().beFreeOfCycles().check(PROVIDER);
  }

  @Test
  void apiReachesNothingAboveIt() {
    noClasses().that().resideInAPackage("dev.vllmscan.provider.api..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.vllmscan.provider.connection..",
            "dev.vllmscan.provider.resources..", "dev.vllmscan.provider.vllm..", "dev.vllmscan.provider.verdict..")
        .check(PROVIDER);
  }

  @Test
  void probesJudgeNothing() {
    noClasses().that().resideInAnyPackage("dev.vllmscan.provider.probe..", "dev.vllmscan.provider.parse..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.vllmscan.provider.verdict..",
            "dev.vllmscan.provider.connection..", "dev.vllmscan.provider.resources..", "dev.vllmscan.provider.vllm..",
            "dev.vllmscan.provider.sideport..", "dev.vllmscan.provider.api..")
        .check(PROVIDER);
  }

  @Test
  void knowsNoHost() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.vllmscan.launcher..").check(PROVIDER);
  }

  /**
   * An instance is made only by its resource's generated {@code instance(id, statics…)}, which takes one typed
   * argument per static field of the .lr: so a static field added to the .lr breaks the build until it is set.
   */
  @Test
  void instancesAreMadeOnlyByTheGeneratedFactories() {
    noClasses().that().resideOutsideOfPackage("dev.vllmscan.provider.lr..")
        .should().callConstructor(ResourceInstance.class, String.class, String.class)
        .orShould().callMethod(ResourceInstance.class, "set", String.class, Object.class)
        .check(PROVIDER);
  }
}
