package dev.vllmscan.sdk.plugin;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Exits the plugin when the host stops sending heartbeats, so a hung host leaves no orphan JVM (a host that ended is
 * noticed sooner, by polling the parent process). Armed by the first heartbeat; the window is the interval the host
 * asked for, and the plugin gives up only after several windows without one, as Mondoo's v14 SDK does: 3 while idle,
 * 6 while a call is in flight. One window was too tight on a loaded machine: a fleet's provider, busy answering 64
 * targets on two oversubscribed cores, was killed mid-scan by its own watchdog (exit 4) while its host was alive, and
 * every target in flight was scanned again.
 */
public final class Watchdog {
  public static final int EXIT_CODE = 4;
  /** Heartbeat windows a host may miss before the plugin exits, while no call is in flight. */
  static final int IDLE_WINDOWS = 3;
  /** The same while a call is in flight: heartbeats are late exactly when the machine is busiest. */
  static final int BUSY_WINDOWS = 6;

  private final IntConsumer exit;
  private volatile boolean stopped;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile long intervalNanos;
  private volatile long lastBeat;
  private volatile boolean beaten;
  private volatile boolean standingDown;
  private Thread thread;

  public Watchdog(IntConsumer exit) {
    this.exit = exit;
  }

  /** A host completes its first heartbeat right after the handshake; a provider nobody talks to must not linger. */
  public static final long FIRST_BEAT_NANOS = TimeUnit.SECONDS.toNanos(8);

  public synchronized void beat(long intervalNanos) {
    this.intervalNanos = intervalNanos;
    this.lastBeat = System.nanoTime();
    this.beaten = true;
    startWatching();
  }

  /** A host call began (see {@link #callEnded}): the watchdog allows more missed windows until it ends. */
  public void callStarted() {
    inFlight.incrementAndGet();
  }

  public void callEnded() {
    inFlight.decrementAndGet();
  }

  /**
   * The plugin is exiting on the host's request: heartbeats have stopped on purpose, and an exit that takes long
   * (a JVM writing its start-up archive) must not be reported as a lost host.
   */
  public void standDown() {
    standingDown = true;
  }

  /**
   * Whether a host silent for {@code silentNanos} is taken for gone: before its first heartbeat one window of
   * {@link #FIRST_BEAT_NANOS}, after it {@link #IDLE_WINDOWS} or {@link #BUSY_WINDOWS} of the requested interval.
   */
  static boolean expired(long silentNanos, long intervalNanos, boolean beaten, int callsInFlight) {
    if (!beaten) return silentNanos > intervalNanos;
    return silentNanos > intervalNanos * (callsInFlight > 0 ? BUSY_WINDOWS : IDLE_WINDOWS);
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
      if (stopped || standingDown) return;
      ProcessHandle p = parent;
      if (p != null && !p.isAlive()) {
        System.err.println(Log.source() + ": the host process ended; exiting");
        exit.accept(EXIT_CODE);
        return;
      }
      long silent = System.nanoTime() - lastBeat;
      if (expired(silent, intervalNanos, beaten, inFlight.get())) {
        System.err.println(Log.source() + ": no heartbeat from the host for "
            + TimeUnit.NANOSECONDS.toMillis(silent) + " ms; exiting");
        exit.accept(EXIT_CODE);
        return;
      }
    }
  }
}
