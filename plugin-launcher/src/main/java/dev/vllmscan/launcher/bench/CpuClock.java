package dev.vllmscan.launcher.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU seconds: this process's own and its reaped children's (Linux's /proc), and its live threads' by name (the
 * JVM). The bench JVM runs the launcher and the emulator side by side, so a fleet's CPU is split by thread name: the
 * emulator's threads on one side, everything else (GC and the compiler included) charged to the scanner.
 */
final class CpuClock {
  /** Linux reports these fields in clock ticks; 100 a second on every kernel this runs on. */
  private static final double TICKS = 100.0;

  private CpuClock() {}

  /** utime + stime (fields 14 and 15 of a /proc stat line) in seconds. */
  static double ownSeconds(String stat) {
    String[] f = fieldsAfterComm(stat);
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
  }

  /** cutime + cstime (fields 16 and 17): every child this process has waited for. */
  static double childSeconds(String stat) {
    String[] f = fieldsAfterComm(stat);
    return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS;
  }

  /** The fields after the name in brackets, which may hold spaces and brackets itself: from the last ')'. */
  private static String[] fieldsAfterComm(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
  }

  /** The reaped children's CPU of this JVM, or -1 where there is no /proc. */
  static double reapedSeconds() {
    try {
      return childSeconds(Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * The process's clocks at one moment (ticks, from /proc), and each live Java thread's name and CPU (nanoseconds,
   * from the JVM: /proc rounds each thread down to a tick, which a thread with little work would read as nothing).
   */
  record Snapshot(double own, double children, Map<Long, Double> threads, Map<Long, String> names) {
    static Snapshot take() {
      Map<Long, Double> threads = new HashMap<>();
      Map<Long, String> names = new HashMap<>();
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      // Without per-thread clocks the emulator's part would read as nothing and be charged to the scanner: no split.
      if (!mx.isThreadCpuTimeSupported() || !mx.isThreadCpuTimeEnabled()) return new Snapshot(-1, -1, threads, names);
      for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) { // no stacks: names and ids only
        if (t == null) continue; // ended since the listing
        long nanos = mx.getThreadCpuTime(t.getThreadId());
        if (nanos < 0) continue; // ended since, or CPU time not measured on this JVM
        threads.put(t.getThreadId(), nanos / 1e9);
        names.put(t.getThreadId(), t.getThreadName());
      }
      try {
        String self = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
        return new Snapshot(ownSeconds(self), childSeconds(self), threads, names);
      } catch (IOException | RuntimeException e) {
        return new Snapshot(-1, -1, threads, names);
      }
    }

    /** False where there is no /proc or the JVM keeps no per-thread clocks: then there is nothing to split. */
    boolean measured() {
      return own >= 0;
    }

    /**
     * CPU since {@code before} of the threads live now whose name matches (a thread born since counts whole; the
     * JVM never gives a thread id out twice). A thread that ended in between is missed, so this is for pools that
     * live as long as what they serve.
     */
    double threadsSince(Snapshot before, Predicate<String> name) {
      double sum = 0;
      for (Map.Entry<Long, Double> t : threads.entrySet()) {
        if (!name.test(names.get(t.getKey()))) continue;
        sum += t.getValue() - before.threads.getOrDefault(t.getKey(), 0.0);
      }
      return sum;
    }
  }
}
