package dev.vllmscan.launcher.cli;

import java.io.PrintStream;
import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.Installer;
import dev.vllmscan.launcher.host.Prestart;
import dev.vllmscan.launcher.host.Session;
import java.util.Locale;
import dev.vllmscan.launcher.Futures;
import dev.vllmscan.launcher.host.HostClient;
import dev.vllmscan.launcher.host.ProviderProcess;
import dev.vllmscan.launcher.text.SafeText;
import dev.vllmscan.launcher.text.Timeline;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Starts the provider and connects a target, showing provider stderr only at the chosen level. */
final class Connector {
  private Connector() {}

  /** The provider directory, located, checked and its schema parsed once per command (it is on the start path). */
  static InstalledProvider provider(TargetOptions o) {
    return o.installed(() -> InstalledProvider.load(Installer.locate(o.provider, o.err()::println)));
  }

  static Session open(TargetOptions o, String connector, String url) {
    if (!connector.equals("vllm")) {
      throw new UsageException("unknown connector '" + connector + "'; vllmscan scans vLLM servers: use `vllm URL`");
    }
    InstalledProvider p = provider(o);
    var flags = o.flags(o.key());
    Timeline.mark("starting the provider");
    if (o.inProcess) return Session.openEmbedded(p, url, flags, o.logLevel());
    Session s = Session.open(p, url, flags, o.logLevel(), stderr(o));
    Timeline.mark("provider handshake done and target connected");
    return s;
  }

  /** A provider process starting in the background, and its head start (see {@link Prestart}). */
  record Early(CompletableFuture<HostClient> client, Prestart prestart) {}

  /**
   * Starts the provider process in the background (no target is contacted), so its JVM boots while this one loads
   * and checks the bundles; null for the in-process provider.
   */
  static Early spawnEarly(TargetOptions o) {
    if (o.inProcess) return null;
    InstalledProvider p = provider(o);
    Early started = EarlySpawn.take(p.binary(), o.logLevel());
    if (started != null) {
      Timeline.mark("provider already starting (spawned before option parsing)");
      return started;
    }
    Timeline.mark("starting the provider");
    Prestart prestart = new Prestart();
    return new Early(CompletableFuture.supplyAsync(() -> HostClient.spawn(
        () -> ProviderProcess.start(p.binary(), o.logLevel(), Map.of(), stderr(o),
            60_000, prestart))), prestart);
  }

  /**
   * Gives a provider started by {@link #spawnEarly} the ParseCLI request {@link #open} will send, so it prepares the
   * connection while this JVM loads the policies; it contacts nothing before {@link #begin}.
   */
  static void prepare(Early early, TargetOptions o, String url) {
    if (early == null) return;
    early.prestart().prepare(HostClient.parseCliRequest("vllm", List.of(url), o.flags(o.key())));
  }

  /** Lets the prepared provider start probing: nothing stands between the scan and the target any more. */
  static void begin(Early early) {
    if (early == null) return;
    early.prestart().begin();
    Timeline.mark("head start: begin sent");
  }

  /** Connects the target on a provider started by {@link #spawnEarly}, or starts one now. */
  static Session open(TargetOptions o, String connector, String url, Early early) {
    if (early == null) return open(o, connector, url);
    if (!connector.equals("vllm")) {
      throw new UsageException("unknown connector '" + connector + "'; vllmscan scans vLLM servers: use `vllm URL`");
    }
    HostClient client = Futures.join(early.client());
    try {
      Session s = Session.connect(client, provider(o), url, o.flags(o.key()), true);
      Timeline.mark("provider handshake done and target connected");
      return s;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Stops a provider started early for a command that ended before it connected (a usage error, say). */
  static void discard(Early early) {
    if (early == null) return;
    early.prestart().cancel();
    try {
      // Bounded: a provider that never finishes starting exits on its own once this process is gone.
      early.client().thenAccept(HostClient::close).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // it failed to start, or is still starting: nothing to shut down here
    }
  }

  /** Provider stderr reaches the user only at info level and below. */
  static Consumer<String> stderr(TargetOptions o) {
    return stderr(o.logLevel(), o.err());
  }

  /** The provider's stderr lines, relayed to {@code err} (the run's) at the chosen level. */
  static Consumer<String> stderr(String logLevel, PrintStream err) {
    boolean verbose = !logLevel.toLowerCase(Locale.ROOT).matches("warn|error|fatal|panic|disabled");
    // At the default level the provider's own warnings still show (a store of advisories it could not use, say):
    // warn means "shown", and the provider writes them only for what the user must know.
    return line -> {
      if (verbose || line.startsWith("vllm-provider warn: ")) err.println(SafeText.of(line, 2000));
    };
  }
}
