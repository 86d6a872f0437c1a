package dev.vllmscan.contract;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The wire contracts sit below everything: no package cycle, and no reach into the SDK, a provider or a host. */
class ArchitectureTest {
  private static final JavaClasses PROTO = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.vllmscan");

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.vllmscan.(**)").should().beFreeOfCycles().check(PROTO);
  }

  @Test
  void dependsOnNothingAbove() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.vllmscan.sdk..", "dev.vllmscan.provider..",
        "dev.vllmscan.launcher..").check(PROTO);
  }

  @Test
  void versionComesFromTheBuild() {
    assertTrue(Contract.VERSION.matches("\\d+\\.\\d+\\.\\d+.*"), Contract.VERSION);
  }
}
