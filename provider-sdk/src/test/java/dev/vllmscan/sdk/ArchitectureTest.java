package dev.vllmscan.sdk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The SDK serves any provider: no package cycle, and nothing of a provider (vLLM or other) inside it. */
class ArchitectureTest {
  private static final JavaClasses SDK = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.vllmscan.sdk");

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.vllmscan.sdk.(**)").should().beFreeOfCycles().check(SDK);
  }

  @Test
  void knowsNoProvider() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.vllmscan.provider..").check(SDK);
  }

  @Test
  void knowsNoHost() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.vllmscan.launcher..").check(SDK);
  }
}
