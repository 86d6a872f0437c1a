package dev.vllmscan.launcher.scan;

import dev.vllmscan.launcher.host.HostClient;
import dev.vllmscan.launcher.host.HostException;
import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.EmbeddedProvider;
import dev.vllmscan.launcher.host.ProviderEndpoint;
import dev.vllmscan.launcher.host.ProviderProcess;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.launcher.policy.Bundle;
import dev.vllmscan.launcher.policy.Evaluator;
import dev.vllmscan.launcher.report.Report;
import dev.vllmscan.proto.llx.Primitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Scans an inventory on one provider process: each target is its own connection, at most {@code concurrency}
 * at a time. A target that is down, refused or not vLLM becomes a not-assessable report; the rest go on.
 */
public final class FleetScan {
  private final InstalledProvider provider;
  private final List<Bundle> bundles;
  private final Function<Inventory.Target, Map<String, Primitive>> flags;
  private final int concurrency;
  private final AtomicInteger done = new AtomicInteger();

  public FleetScan(InstalledProvider provider, List<Bundle> bundles, Function<Inventory.Target, Map<String, Primitive>> flags,
      int concurrency) {
    if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be at least 1");
    this.provider = provider;
    this.bundles = bundles;
    this.flags = flags;
    this.concurrency = concurrency;
  }

  /** Targets finished so far (for progress output). */
  public int done() {
    return done.get();
  }

  public List<Report> run(Inventory inventory, String logLevel, Consumer<String> providerStderr) {
    return run(inventory, logLevel, providerStderr, false);
  }

  /** {@code embedded}: serve the built-in provider in this JVM instead of starting the plugin process. */
  public List<Report> run(Inventory inventory, String logLevel, Consumer<String> providerStderr, boolean embedded) {
    ProviderEndpoint process = embedded ? EmbeddedProvider.start(logLevel)
        : ProviderProcess.start(provider.binary(), logLevel, Map.of(), providerStderr, 60_000);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "fleet-scan");
      t.setDaemon(true);
      return t;
    });
    try (HostClient client = new HostClient(process)) {
      List<Future<Report>> pending = new ArrayList<>();
      for (Inventory.Target target : inventory.targets()) {
        pending.add(pool.submit(() -> {
          try {
            return scanOne(client, target);
          } finally {
            done.incrementAndGet();
          }
        }));
      }
      List<Report> out = new ArrayList<>();
      for (Future<Report> f : pending) out.add(await(f));
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private Report scanOne(HostClient client, Inventory.Target target) {
    long start = System.nanoTime();
    try (Session session = Session.connect(client, provider, target.url(), flags.apply(target), false)) {
      return TargetScan.run(session, target.url(), bundles, target.labels(), start);
    } catch (RuntimeException e) {
      // One target's failure is that target's result; only a dead provider ends the whole fleet.
      if (!client.alive()) throw e;
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0];
      return Report.unscanned(target.url(), why, target.labels(), (System.nanoTime() - start) / 1_000_000,
          Evaluator.unassessable(bundles, why));
    }
  }

  private static Report await(Future<Report> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new HostException(String.valueOf(e.getCause()));
    }
  }
}
