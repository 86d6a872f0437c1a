package dev.vllmscan.sdk.plugin;

import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Exits the plugin when the host stops sending heartbeats, so a killed host leaves no orphan JVM.
 * Armed by the first heartbeat; the window is the interval the host asked for. Heartbeats run on their own
 * gRPC threads, so a slow data call never delays one: silence means the host is gone.
 */
public final class Watchdog {
  public static final int EXIT_CODE = 4;

  private final IntConsumer exit;
  private volatile boolean stopped;
  private volatile long intervalNanos;
  private volatile long lastBeat;
  private Thread thread;

  public Watchdog(IntConsumer exit) {
    this.exit = exit;
  }

  /** A host completes its first heartbeat right after the handshake; a provider nobody talks to must not linger. */
  public static final long FIRST_BEAT_NANOS = TimeUnit.SECONDS.toNanos(8);

  public synchronized void beat(long intervalNanos) {
    this.intervalNanos = intervalNanos;
    this.lastBeat = System.nanoTime();
    startWatching();
  }

  /**
   * Arms the watchdog before any heartbeat: a host that dies between the handshake and its first heartbeat (or
   * never sends one) leaves no orphan. Also exits as soon as the parent process ends, whatever the timing.
   */
  public synchronized void armAtStart() {
    if (thread == null) {
      intervalNanos = FIRST_BEAT_NANOS;
      lastBeat = System.nanoTime();
      startWatching();
    }
    parent = ProcessHandle.current().parent().orElse(null);
  }

  /**
   * Polled, not {@code parent.onExit()}: that parks a JDK thread inside a native wait, and the JVM's exit waits up
   * to 300 ms for such threads.
   */
  private volatile ProcessHandle parent;

  /**
   * Stops watching for good: for a plugin its own host closed inside the host's JVM (an embedded plugin), whose
   * watchdog would otherwise outlive it and, once the heartbeats stopped, report a host gone that closed it on purpose.
   */
  public synchronized void stop() {
    stopped = true;
    if (thread != null) thread.interrupt();
  }

  private void startWatching() {
    if (thread == null && !stopped) {
      thread = new Thread(this::watch, "heartbeat-watchdog");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void watch() {
    while (true) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
      if (stopped) return;
      ProcessHandle p = parent;
      if (p != null && !p.isAlive()) {
        System.err.println(Log.source() + ": the host process ended; exiting");
        exit.accept(EXIT_CODE);
        return;
      }
      long window = intervalNanos;
      long silent = System.nanoTime() - lastBeat;
      if (silent > window) {
        System.err.println(Log.source() + ": no heartbeat from the host for "
            + TimeUnit.NANOSECONDS.toMillis(silent) + " ms; exiting");
        exit.accept(EXIT_CODE);
        return;
      }
    }
  }
}
