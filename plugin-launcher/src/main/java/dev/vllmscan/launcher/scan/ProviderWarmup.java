package dev.vllmscan.launcher.scan;

import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.Installer;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.launcher.policy.BundleLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds the provider's class-data-sharing archive: one real scan of the emulator with the provider told to
 * dump the classes it loaded when it exits. The installed wrapper script then maps that archive at start,
 * which roughly halves the provider's JVM start (numbers in the README).
 */
public final class ProviderWarmup {
  private ProviderWarmup() {}

  /** Returns the archive, or null when this JVM could not make one (the provider then simply starts without it). */
  public static Path buildArchive(Path providerDir) {
    Path jsa = providerDir.resolve(Installer.ARCHIVE);
    try {
      Files.deleteIfExists(jsa);
      Files.deleteIfExists(jsa.resolveSibling(Installer.ARCHIVE + ".stamp"));
    } catch (IOException e) {
      return null;
    }
    InstalledProvider provider = InstalledProvider.load(providerDir);
    Map<String, String> env = Map.of("VLLMSCAN_PROVIDER_JAVA_OPTS",
        Installer.DEFAULT_JAVA_OPTS + " -XX:ArchiveClassesAtExit=" + jsa);
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0);
        Session s = Session.open(provider, e.url(), Session.withoutSidePorts(Session.flags(null, false, 10)), "warn", null, env)) {
      // Writing the archive happens as the JVM exits: give it time instead of the usual 2 s.
      s.client().shutdownGrace(60_000);
      TargetScan.run(s, e.url(), List.of(BundleLoader.embeddedDefault()), Map.of(), System.nanoTime());
      // The same scan with the built-in provider, so a launcher archive made from this run covers --in-process too.
      try (Session embedded = Session.openEmbedded(provider, e.url(), Session.withoutSidePorts(Session.flags(null, false, 10)), "warn")) {
        TargetScan.run(embedded, e.url(), List.of(BundleLoader.embeddedDefault()), Map.of(), System.nanoTime());
      }
    } catch (RuntimeException e) {
      return null;
    }
    return Files.isRegularFile(jsa) ? jsa : null;
  }
}
