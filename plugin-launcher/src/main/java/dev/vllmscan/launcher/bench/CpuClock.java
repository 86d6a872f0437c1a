package dev.vllmscan.launcher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU seconds from Linux's /proc: this process's own, its reaped children's, and its live threads' by name. The
 * bench JVM runs the launcher and the emulator side by side, so a fleet's CPU is split by thread name: the
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

  /** The name in brackets (comm), which may hold spaces and brackets itself: up to the last ')'. */
  static String comm(String stat) {
    return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  }

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

  /** The process's clocks at one moment, and each live thread's name and CPU. */
  record Snapshot(double own, double children, Map<String, Double> threads, Map<String, String> names) {
    static Snapshot take() {
      Map<String, Double> threads = new HashMap<>();
      Map<String, String> names = new HashMap<>();
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
        for (Path task : tasks) {
          try {
            String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
            String tid = task.getFileName().toString();
            threads.put(tid, ownSeconds(stat));
            names.put(tid, comm(stat));
          } catch (IOException | RuntimeException e) {
            // The thread ended between the listing and the read: it is not live at this moment.
          }
        }
        String self = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
        return new Snapshot(ownSeconds(self), childSeconds(self), threads, names);
      } catch (IOException | RuntimeException e) {
        return new Snapshot(-1, -1, Map.of(), Map.of());
      }
    }

    boolean measured() {
      return own >= 0;
    }

    /**
     * CPU since {@code before} of the threads live now whose name matches (a thread born since counts whole). A
     * thread that ended in between is missed, so this is for pools that live as long as what they serve.
     */
    double threadsSince(Snapshot before, Predicate<String> name) {
      double sum = 0;
      for (Map.Entry<String, Double> t : threads.entrySet()) {
        String n = names.get(t.getKey());
        if (!name.test(n)) continue;
        // A thread id the kernel gave out again belongs to a new thread: its whole time is since.
        boolean same = n.equals(before.names.get(t.getKey()));
        sum += t.getValue() - (same ? before.threads.get(t.getKey()) : 0.0);
      }
      return sum;
    }
  }
}
