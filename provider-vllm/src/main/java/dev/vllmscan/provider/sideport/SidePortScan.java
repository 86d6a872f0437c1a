package dev.vllmscan.provider.sideport;

import dev.vllmscan.provider.api.sideport.SidePortTarget;
import dev.vllmscan.provider.api.sideport.SidePortPlan;
import dev.vllmscan.provider.api.Verdict;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The side ports of one target's host, probed once, on first use (or when a scan starts its catalogue run), all
 * at once on a small pool of their own: plain sockets, never the HTTP client, so no header or key can reach them.
 * With the default plan the ports /server_info declares replace the defaults (read through {@code configuration},
 * which the catalogue run fetches anyway); a {@code --side-ports} list is probed as given.
 */
public final class SidePortScan {
  /** Probes in flight at once; the default plan has five. */
  static final int MAX_PARALLEL = 8;

  private final String host;
  private final SidePortPlan plan;
  private final SidePortProbe probe;
  private final Supplier<Configuration> configuration;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile Result result;

  /**
   * What the server said about its side ports (/kv_event_sources, /server_info): the ports, the routes that were
   * read, and what could not be read (null when everything was).
   */
  public record Configuration(ConfiguredPorts ports, List<String> read, String problem) {
    public Configuration {
      read = List.copyOf(read);
    }

    public static Configuration unreadable(String problem) {
      return new Configuration(ConfiguredPorts.none(), List.of(), problem);
    }
  }

  /** Every probe's observation, with the plan and configuration they came from. */
  public record Result(SidePortPlan plan, Configuration configuration, List<SidePortObservation> observations) {}

  public SidePortScan(String host, int timeoutSeconds, SidePortPlan plan, Supplier<Configuration> configuration) {
    this.host = host;
    this.plan = plan;
    this.probe = new SidePortProbe((int) Math.min(Integer.MAX_VALUE, timeoutSeconds * 1000L));
    this.configuration = configuration;
  }

  public SidePortPlan plan() {
    return plan;
  }

  /** Starts the probes in the background (once); {@link #result()} then waits for them as it would anyway. */
  public void start() {
    if (plan.mode() == SidePortPlan.Mode.OFF || !started.compareAndSet(false, true)) return;
    Thread t = new Thread(() -> {
      try {
        result();
      } catch (RuntimeException e) {
        // the field read that needs the result computes it again and reports the failure
      }
    }, "side-ports");
    t.setDaemon(true);
    t.start();
  }

  public Result result() {
    Result r = result;
    if (r != null) return r;
    synchronized (this) {
      if (result == null) result = run();
      return result;
    }
  }

  private Result run() {
    if (plan.mode() == SidePortPlan.Mode.OFF) return new Result(plan, null, List.of());
    Configuration config = null;
    List<SidePortTarget> targets = plan.targets();
    if (plan.mode() == SidePortPlan.Mode.DEFAULTS) {
      config = configuration.get();
      targets = config.ports().refine(targets);
    }
    InetAddress address;
    String label = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      List<SidePortObservation> out = new ArrayList<>();
      for (SidePortTarget t : targets) {
        Verdict v = Verdict.unknown(label + ":" + t.port() + ": the host name did not resolve");
        out.add(new SidePortObservation(t, label + ":" + t.port(), v, null, null, v.evidence()));
      }
      return new Result(plan, config, out);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(MAX_PARALLEL, targets.size())), r -> {
      Thread t = new Thread(r, "side-port-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<SidePortObservation>> running = new ArrayList<>();
      for (SidePortTarget t : targets) running.add(pool.submit(() -> probe.probe(address, label, t)));
      List<SidePortObservation> out = new ArrayList<>();
      for (int i = 0; i < running.size(); i++) {
        try {
          out.add(running.get(i).get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while probing side ports");
        } catch (ExecutionException e) {
          SidePortTarget t = targets.get(i);
          Verdict v = Verdict.unknown(label + ":" + t.port() + ": probe failed (" + e.getCause().getClass().getSimpleName() + ")");
          out.add(new SidePortObservation(t, label + ":" + t.port(), v, null, null, v.evidence()));
        }
      }
      return new Result(plan, config, out);
    } finally {
      pool.shutdownNow();
    }
  }
}
