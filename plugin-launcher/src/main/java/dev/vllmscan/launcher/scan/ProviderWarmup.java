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
 * Builds the provider's start-up archive: one real scan of the emulator (loopback, side ports off) with the provider
 * told to record what it loaded when it exits: on JDK 25 or newer an AOT cache, else a class-data-sharing archive
 * (the wrapper script picks the kind for the JDK it runs on). The wrapper then maps that archive at start, which
 * roughly halves the provider's JVM start (numbers in the README).
 */
public final class ProviderWarmup {
  private ProviderWarmup() {}

  /** Returns the archive, or null when this JVM could not make one (the provider then simply starts without it). */
  public static Path buildArchive(Path providerDir) {
    // The wrapper removes the archive of its JDK's kind before training; the other kind stays for the other JDK.
    Path jsa = providerDir.resolve(Installer.ARCHIVE);
    Path aot = providerDir.resolve(Installer.AOT_CACHE);
    long started = System.currentTimeMillis() - 1000;
    InstalledProvider provider = InstalledProvider.load(providerDir);
    Map<String, String> env = Map.of(Installer.TRAIN_ENV, "1");
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0);
        Session s = Session.open(provider, e.url(), Session.withoutSidePorts(Session.flags(null, false, 10)), "warn", null, env)) {
      // Writing the archive happens as the JVM exits (an AOT cache in a second JVM): give it time instead of the usual 2 s.
      s.client().shutdownGrace(60_000);
      TargetScan.run(s, e.url(), List.of(BundleLoader.embeddedDefault()), Map.of(), System.nanoTime());
      // The same scan with the built-in provider, so a launcher archive made from this run covers --in-process too.
      try (Session embedded = Session.openEmbedded(provider, e.url(), Session.withoutSidePorts(Session.flags(null, false, 10)), "warn")) {
        TargetScan.run(embedded, e.url(), List.of(BundleLoader.embeddedDefault()), Map.of(), System.nanoTime());
      }
    } catch (RuntimeException e) {
      return null;
    }
    for (Path archive : List.of(aot, jsa)) {
      try {
        if (Files.isRegularFile(archive) && Files.getLastModifiedTime(archive).toMillis() >= started) return archive;
      } catch (IOException e) {
        // gone meanwhile: not made by this run
      }
    }
    return null;
  }
}
