package dev.vllmscan.launcher.text;

import java.lang.management.ManagementFactory;

/**
 * Where a scan's wall time goes, for {@code --log-level debug} and the bench: one stderr line per step, in
 * milliseconds since this JVM started ({@code timeline +812 ms  provider handshake}).
 */
public final class Timeline {
  private static volatile boolean enabled;
  private static volatile long start;

  private Timeline() {}

  /** The JVM's start time is looked up only when the timeline is on: the management classes cost start-up time. */
  public static void enable(boolean on) {
    if (on && !enabled) start = ManagementFactory.getRuntimeMXBean().getStartTime();
    enabled = on;
  }

  public static void mark(String step) {
    if (enabled) System.err.printf("timeline +%d ms  %s%n", System.currentTimeMillis() - start, step);
  }
}
