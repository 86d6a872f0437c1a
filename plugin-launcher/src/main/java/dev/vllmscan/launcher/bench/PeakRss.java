package dev.vllmscan.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Peak resident memory of a process tree, sampled from /proc (VmHWM, the kernel's own high-water mark) every
 * few milliseconds while the work runs. Linux only; elsewhere it reports nothing rather than a guess.
 */
final class PeakRss implements AutoCloseable {
  private final ProcessHandle root;
  private final Map<Long, Long> peakKib = new ConcurrentHashMap<>();
  private final Map<Long, String> names = new ConcurrentHashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  private PeakRss(ProcessHandle root) {
    this.root = root;
    this.sampler = new Thread(this::loop, "peak-rss");
    sampler.setDaemon(true);
    sampler.start();
  }

  static PeakRss watch(ProcessHandle root) {
    return new PeakRss(root);
  }

  /**
   * VmHWM never falls, so a sample only has to come before a process exits: the known processes are read every
   * 20 ms, but the process tree (descendants() reads every process on the machine) is walked every 10th round only.
   * Walking it every round cost the bench JVM 6.5 CPU-seconds in a 1,000-target fleet, competing with the scan.
   */
  private void loop() {
    List<ProcessHandle> known = List.of();
    for (int round = 0; running; round++) {
      if (round % 10 == 0) known = root.descendants().toList();
      sample(root);
      known.forEach(this::sample);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample(ProcessHandle p) {
    Long hwm = vmHwmKib(p.pid());
    if (hwm == null) return;
    Long before = peakKib.put(p.pid(), before(p.pid(), hwm));
    // The first samples may predate exec (the wrapper script's command line): read it again while it grows.
    if (before == null || before < hwm) p.info().commandLine().ifPresent(c -> names.put(p.pid(), c));
  }

  private long before(long pid, long hwm) {
    return Math.max(hwm, peakKib.getOrDefault(pid, 0L));
  }

  static Long vmHwmKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", ""));
      }
    } catch (IOException | RuntimeException e) {
      // gone, or not Linux
    }
    return null;
  }

  /** Peak MiB of the first process whose command line contains {@code marker}, or -1 when never seen. */
  double peakMib(String marker) {
    return names.entrySet().stream().filter(e -> e.getValue().contains(marker))
        .mapToDouble(e -> peakKib.getOrDefault(e.getKey(), 0L) / 1024.0).max().orElse(-1);
  }

  double rootPeakMib() {
    return peakKib.getOrDefault(root.pid(), -1024L) / 1024.0;
  }

  @Override
  public void close() {
    sample(root);
    root.descendants().forEach(this::sample);
    running = false;
    sampler.interrupt();
  }
}
