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
import java.util.function.Supplier;

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

  private volatile boolean readInventory;

  /** Also read each target's AI inventory (for -o cyclonedx). */
  public FleetScan withInventory(boolean read) {
    this.readInventory = read;
    return this;
  }

  /** Targets finished so far (for progress output). */
  public int done() {
    return done.get();
  }

  public List<Report> run(Inventory inventory, String logLevel, Consumer<String> providerStderr) {
    return run(inventory, logLevel, providerStderr, false);
  }

  /**
   * {@code embedded}: serve the built-in provider in this JVM instead of starting the plugin process. A provider that
   * dies is replaced for the targets still to come; every target that was on it when it died is scanned again,
   * alone, on a fresh provider, so one hostile target costs only its own result.
   */
  public List<Report> run(Inventory inventory, String logLevel, Consumer<String> providerStderr, boolean embedded) {
    Supplier<ProviderEndpoint> start = () -> embedded ? EmbeddedProvider.start(logLevel)
        : ProviderProcess.start(provider.binary(), logLevel, Map.of(), providerStderr, 60_000);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "fleet-scan");
      t.setDaemon(true);
      return t;
    });
    List<Report> out = new ArrayList<>();
    try (Providers shared = new Providers(start)) {
      List<Future<Report>> pending = new ArrayList<>();
      for (Inventory.Target target : inventory.targets()) {
        pending.add(pool.submit(() -> {
          Report r = scanOne(shared.current(), target);
          if (r != null) done.incrementAndGet();
          return r;
        }));
      }
      for (Future<Report> f : pending) out.add(await(f));
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) == null) {
        out.set(i, alone(start, inventory.targets().get(i)));
        done.incrementAndGet();
      }
    }
    return out;
  }

  /** A target that was on a provider when it died, scanned again on a provider of its own. */
  private Report alone(Supplier<ProviderEndpoint> start, Inventory.Target target) {
    long begin = System.nanoTime();
    try (HostClient client = new HostClient(start.get())) {
      Report r = scanOne(client, target);
      if (r != null) return r;
      String why = "the provider crashed while scanning this target alone (" + client.endpoint().exitDescription() + ")";
      return Report.unscanned(target.url(), why, target.labels(), (System.nanoTime() - begin) / 1_000_000,
          Evaluator.unassessable(bundles, why));
    }
  }

  /** The report of one target, or null when the provider died under it (the caller decides what that means). */
  private Report scanOne(HostClient client, Inventory.Target target) {
    long start = System.nanoTime();
    try (Session session = Session.connect(client, provider, target.url(), flags.apply(target), false)) {
      return TargetScan.run(session, target.url(), bundles, target.labels(), start, false, readInventory);
    } catch (RuntimeException e) {
      if (!client.alive()) return null;
      String why = e.getMessage() == null ? "the scan failed" : e.getMessage().split("\n")[0];
      return Report.unscanned(target.url(), why, target.labels(), (System.nanoTime() - start) / 1_000_000,
          Evaluator.unassessable(bundles, why));
    }
  }

  /** The fleet's provider: started once, replaced when it dies, closed at the end (with every one replaced). */
  private static final class Providers implements AutoCloseable {
    private final Supplier<ProviderEndpoint> start;
    private final List<HostClient> all = new ArrayList<>();
    private HostClient current;

    Providers(Supplier<ProviderEndpoint> start) {
      this.start = start;
    }

    synchronized HostClient current() {
      if (current == null || !current.alive()) {
        current = new HostClient(start.get());
        all.add(current);
      }
      return current;
    }

    @Override
    public synchronized void close() {
      for (HostClient c : all) c.close();
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
