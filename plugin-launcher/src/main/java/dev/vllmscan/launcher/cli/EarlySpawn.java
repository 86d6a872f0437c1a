package dev.vllmscan.launcher.cli;

import dev.vllmscan.launcher.host.HostClient;
import dev.vllmscan.launcher.host.Installer;
import dev.vllmscan.launcher.host.ProviderProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import dev.vllmscan.launcher.host.Prestart;

/**
 * Starts the provider for {@code scan vllm URL} before picocli has even built its command model (~150 ms of this
 * JVM's start), since the provider's own JVM start is the longest step before the first probe. Only the plain
 * single-target form is recognised from the raw arguments; anything else is left to the normal path. The scan
 * takes the process when its parsed options agree (same provider, same log level); otherwise, or when the
 * command ends without a scan (usage error, --help), it is shut down.
 */
final class EarlySpawn {
  private static Connector.Early pending;
  private static Path binary;
  private static String level;

  private EarlySpawn() {}

  static synchronized void maybeStart(String[] args) {
    List<String> a = List.of(args);
    if (a.size() < 3 || !a.get(0).equals("scan") || !a.get(1).equals("vllm") || a.get(2).startsWith("-")) return;
    String explicit = null;
    String logLevel = "warn";
    for (int i = 3; i < a.size(); i++) {
      String arg = a.get(i);
      String next = i + 1 < a.size() ? a.get(i + 1) : null;
      if (arg.equals("--in-process") || arg.equals("-h") || arg.equals("--help") || arg.startsWith("--inventory")
          || arg.equals("-V") || arg.equals("--version")) return;
      if (arg.equals("--provider") && next != null) explicit = next;
      else if (arg.startsWith("--provider=")) explicit = arg.substring("--provider=".length());
      else if (arg.equals("--log-level") && next != null) logLevel = next;
      else if (arg.startsWith("--log-level=")) logLevel = arg.substring("--log-level=".length());
      else if (arg.equals("-v") || arg.equals("--verbose")) logLevel = "debug";
    }
    try {
      Path dir = Installer.locate(explicit == null ? null : Path.of(explicit), System.err::println).toAbsolutePath().normalize();
      if (Files.isRegularFile(dir)) dir = dir.getParent();
      Path bin = dir.resolve(dir.getFileName().toString());
      if (!Files.isExecutable(bin)) return;
      String lvl = logLevel;
      binary = bin;
      level = lvl;
      Prestart prestart = new Prestart();
      // Only Main.main starts this, before any command parses, and it hands its run the process's streams: the relay
      // of a provider spawned this early goes to the process's stderr, the same stream.
      pending = new Connector.Early(CompletableFuture.supplyAsync(() -> HostClient.spawn(
          () -> ProviderProcess.start(bin, lvl, Map.of(), Connector.stderr(lvl, System.err), 60_000, prestart))), prestart);
    } catch (RuntimeException e) {
      // the normal path reports whatever is wrong with the provider directory
    }
  }

  /** The early provider, when it was started for this binary and log level; a mismatched one is shut down. */
  static synchronized Connector.Early take(Path bin, String logLevel) {
    Connector.Early p = pending;
    pending = null;
    if (p == null) return null;
    if (bin.toAbsolutePath().normalize().equals(binary) && logLevel.toLowerCase(Locale.ROOT).equals(level.toLowerCase(Locale.ROOT))) {
      return p;
    }
    Connector.discard(p);
    return null;
  }

  /** Shuts down a provider nobody took (the command failed or printed help). */
  static void discardUnused() {
    Connector.Early p;
    synchronized (EarlySpawn.class) {
      p = pending;
      pending = null;
    }
    if (p != null) Connector.discard(p);
  }
}
