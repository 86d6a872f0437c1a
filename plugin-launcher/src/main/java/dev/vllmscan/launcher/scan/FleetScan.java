package dev.vllmscan.launcher.scan;

import dev.vllmscan.contract.Contract;
import dev.vllmscan.launcher.host.EmbeddedProvider;
import dev.vllmscan.launcher.host.HostClient;
import dev.vllmscan.launcher.host.HostException;
import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.Installer;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Scans an inventory on one provider process: each target is its own connection, at most {@code concurrency}
 * at a time. A target that is down, refused or not vLLM becomes a not-assessable report; the rest go on.
 */
public final class FleetScan {
  /**
   * Probes in flight across the fleet when the user set no --probe-concurrency. The provider's default of 32 per
   * target times 64 targets at once is 2,048 sockets and threads on one provider: the run turns CPU-bound and every
   * target waits on the others. Above 16 targets at once each target gets a share of this budget instead (never
   * fewer than {@link #MIN_PROBES_PER_TARGET}); at 16 or fewer the provider's own default stands.
   */
  static final int FLEET_PROBES_IN_FLIGHT = 512;
  static final int MIN_PROBES_PER_TARGET = 4;
  /** The provider's default probes in flight per target (its --probe-concurrency default). */
  static final int PROVIDER_DEFAULT_PROBES = 32;

  private final InstalledProvider provider;
  private final List<Bundle> bundles;
  private final Function<Inventory.Target, Map<String, Primitive>> flags;
  private final int concurrency;
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicBoolean outOfMemory = new AtomicBoolean();

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

  /** A target's flags with its share of {@link #FLEET_PROBES_IN_FLIGHT}, unless the user chose a concurrency. */
  Map<String, Primitive> paced(Map<String, Primitive> targetFlags) {
    int share = probesPerTarget(concurrency);
    return share >= PROVIDER_DEFAULT_PROBES ? targetFlags : Session.withProbeConcurrencyUnlessSet(targetFlags, share);
  }

  static int probesPerTarget(int targetsAtOnce) {
    return Math.max(MIN_PROBES_PER_TARGET, Math.min(PROVIDER_DEFAULT_PROBES, FLEET_PROBES_IN_FLIGHT / targetsAtOnce));
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
        : ProviderProcess.start(provider.binary(), logLevel, Map.of(Installer.FLEET_ENV, "1"), providerStderr, 60_000, null, inventory.keyVariables());
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
          if (outOfMemory.get()) return notScanned(target);
          try {
            Report r = scanOne(shared.current(), target);
            if (r != null) done.incrementAndGet();
            return r;
          } catch (OutOfMemoryError e) {
            outOfMemory.set(true);
            return notScanned(target);
          }
        }));
      }
      for (int i = 0; i < pending.size(); i++) out.add(await(pending.get(i), inventory.targets().get(i)));
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) == null && outOfMemory.get()) {
        out.set(i, notScanned(inventory.targets().get(i)));
      } else if (out.get(i) == null) {
        out.set(i, alone(start, inventory.targets().get(i)));
        done.incrementAndGet();
      }
    }
    return out;
  }

  /** Whether the launcher ran out of memory during the run (the targets it did not finish are reported as not scanned). */
  public boolean ranOutOfMemory() {
    return outOfMemory.get();
  }

  /**
   * A target the launcher had no memory left for: an error report of its own, so the run still writes a complete
   * report (what finished, and this for the rest) instead of none.
   */
  private Report notScanned(Inventory.Target target) {
    String why = "not scanned: the launcher ran out of memory before this target (give it more heap, e.g."
        + " VLLMSCAN_JAVA_OPTS=-Xmx1g, or split the inventory with --shard)";
    return Report.unscanned(target.url(), why, target.labels(), 0, Evaluator.unassessable(bundles, why));
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
    try (Session session = Session.connect(client, provider, target.url(), paced(flags.apply(target)), false)) {
      Report r = TargetScan.run(session, target.url(), bundles, target.labels(), start, false, readInventory);
      return target.keyMissing() ? withoutKey(r, target.apiKeyEnv()) : r;
    } catch (RuntimeException e) {
      if (!client.alive()) return null;
      String why = e.getMessage() == null ? "the scan failed" : e.getMessage().split("\n")[0];
      return Report.unscanned(target.url(), why, target.labels(), (System.nanoTime() - start) / 1_000_000,
          Evaluator.unassessable(bundles, why));
    }
  }

  /**
   * A target whose key variable is unset was scanned anonymously: its report says so (scope anonymous-surface, and
   * why) instead of "full", which would claim what is behind the key was assessed.
   */
  static Report withoutKey(Report r, String variable) {
    Report.Asset a = r.asset();
    if (!a.assessable()) return r;
    String why = "scanned without a key: " + variable + " is not set, so only what answers without a key was assessed";
    return r.withAsset(a.withScope(Contract.SCOPE_ANONYMOUS_SURFACE, a.reason() == null ? why : why + "; " + a.reason()));
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

  private Report await(Future<Report> f, Inventory.Target target) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OutOfMemoryError) {
        outOfMemory.set(true);
        return notScanned(target);
      }
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new HostException(String.valueOf(e.getCause()));
    }
  }
}
