package dev.vllmscan.launcher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
  private final Map<Long, Long> firstSeen = new ConcurrentHashMap<>();
  private static final long NAME_WINDOW_NANOS = 3_000_000_000L;
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
    // This JVM's own high-water mark is read once, at close: it cannot exit before that.
    boolean rootIsThisJvm = root.pid() == ProcessHandle.current().pid();
    for (int round = 0; running; round++) {
      if (round % 10 == 0) known = root.descendants().toList();
      if (!rootIsThisJvm) sample(root);
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
    // The first samples may predate exec (the wrapper script's command line): read it again while it grows, in its
    // first seconds only (a fleet's provider grows for minutes, and each read is three more files from /proc).
    long now = System.nanoTime();
    long seen = firstSeen.computeIfAbsent(p.pid(), pid -> now);
    if (before == null || before < hwm && now - seen < NAME_WINDOW_NANOS) {
      p.info().commandLine().ifPresent(c -> names.put(p.pid(), c));
    }
  }

  private long before(long pid, long hwm) {
    return Math.max(hwm, peakKib.getOrDefault(pid, 0L));
  }

  static Long vmHwmKib(long pid) {
    try {
      // Scanned as bytes: the sampler reads this file 50 times a second per process, beside the scan it measures.
      byte[] status = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "status"));
      int at = indexOf(status, VM_HWM);
      if (at < 0) return null;
      long kib = 0;
      boolean digits = false;
      for (int i = at + VM_HWM.length; i < status.length && status[i] != '\n'; i++) {
        if (status[i] >= '0' && status[i] <= '9') {
          kib = kib * 10 + (status[i] - '0');
          digits = true;
        }
      }
      return digits ? kib : null;
    } catch (IOException | RuntimeException e) {
      // gone, or not Linux
    }
    return null;
  }

  private static final byte[] VM_HWM = "\nVmHWM:".getBytes(StandardCharsets.US_ASCII);

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
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
