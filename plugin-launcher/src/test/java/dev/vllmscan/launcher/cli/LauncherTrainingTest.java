package dev.vllmscan.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vllmscan.launcher.host.Installer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run that makes the launcher's start-up archive scans the emulator through the command line. Its output is
 * discarded, so only the exit code shows whether it got as far as a report: a usage error (2) or an unreachable
 * target (3) would leave the scan command's classes out of the archive without a word.
 */
class LauncherTrainingTest {
  @TempDir Path tmp;

  @Test
  void theTrainingScanRunsToAReportWithTheEmulatorsFailedChecks() {
    Path provider = Installer.install(tmp.resolve("providers"), Installer.builtJar());

    assertEquals(Main.EXIT_FAILED, ProvidersCommand.Install.trainScanCommand(provider));
  }
}
