package dev.vllmscan.launcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The launcher is a host: it talks to providers over gRPC, and of the built-in provider it uses only the public
 * entry points (its main class for the in-process mode, and the {@code api} packages: values, the advisory database
 * it writes, side-port options), never its internals. And no package cycle.
 */
class ArchitectureTest {
  private static final JavaClasses LAUNCHER = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.vllmscan.launcher");

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.vllmscan.launcher.(**)").should().beFreeOfCycles().check(LAUNCHER);
  }

  @Test
  void reachesTheProviderOnlyThroughItsEntryPoints() {
    noClasses().should().dependOnClassesThat(
            DescribedPredicate.describe("are vllm provider internals",
                c -> c.getPackageName().startsWith("dev.vllmscan.provider")
                    && !c.getPackageName().startsWith("dev.vllmscan.provider.api")
                    && !c.getName().equals("dev.vllmscan.provider.VllmPlugin")))
        .check(LAUNCHER);
  }

  @Test
  void usesNoSdkRuntimeInternals() {
    // The in-process mode holds an EmbeddedPlugin (the SDK's public handle); the resource runtime is the provider's.
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.vllmscan.sdk.runtime..").check(LAUNCHER);
  }
}
