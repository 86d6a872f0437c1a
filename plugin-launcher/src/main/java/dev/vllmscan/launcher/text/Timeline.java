package dev.vllmscan.launcher.text;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

/**
 * Where a scan's wall time goes, for {@code --log-level debug} and the bench: one stderr line per step, in
 * milliseconds since this JVM started ({@code timeline +812 ms  provider handshake}).
 */
public final class Timeline {
  private static volatile boolean enabled;
  private static volatile long start;
  private static volatile PrintStream sink = System.err;

  private Timeline() {}

  /**
   * The JVM's start time is looked up only when the timeline is on: the management classes cost start-up time. The
   * lines go to {@code to}, the stderr of the run that asked for them (the timeline is process-wide, as the JVM start it
   * counts from: host classes below the commands mark steps too, and the process's exit is the last).
   */
  public static void enable(boolean on, PrintStream to) {
    if (on && !enabled) start = ManagementFactory.getRuntimeMXBean().getStartTime();
    sink = to;
    enabled = on;
  }

  public static void mark(String step) {
    if (enabled) sink.printf("timeline +%d ms  %s%n", System.currentTimeMillis() - start, step);
  }
}
