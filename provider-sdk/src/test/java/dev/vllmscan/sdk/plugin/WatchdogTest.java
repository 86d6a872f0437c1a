package dev.vllmscan.sdk.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WatchdogTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void aLateHeartbeatIsToleratedForThreeWindowsWhileIdle() {
    assertFalse(Watchdog.expired(2 * SECOND, SECOND, true, 0));
    assertFalse(Watchdog.expired(3 * SECOND, SECOND, true, 0));
    assertTrue(Watchdog.expired(3 * SECOND + 1, SECOND, true, 0));
  }

  @Test
  void sixWindowsWhileACallIsInFlight() {
    assertFalse(Watchdog.expired(6 * SECOND, SECOND, true, 1));
    assertTrue(Watchdog.expired(6 * SECOND + 1, SECOND, true, 3));
  }

  @Test
  void beforeTheFirstHeartbeatOneWindowOnly() {
    assertTrue(Watchdog.expired(Watchdog.FIRST_BEAT_NANOS + 1, Watchdog.FIRST_BEAT_NANOS, false, 0));
    assertFalse(Watchdog.expired(Watchdog.FIRST_BEAT_NANOS, Watchdog.FIRST_BEAT_NANOS, false, 0));
  }

  /** The running watchdog: silent for two windows it stays (it exited after one before), and exits after three. */
  @Test
  void theRunningWatchdogExitsOnlyAfterThreeMissedWindows() throws Exception {
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    Watchdog w = new Watchdog(exited::complete);
    long interval = TimeUnit.MILLISECONDS.toNanos(800);
    long beat = System.nanoTime();
    w.beat(interval);
    Thread.sleep(2 * 800);
    // Silence is measured from the beat, so an exit now could only come from a rule of fewer than three windows.
    assertFalse(exited.isDone(), "exited after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beat) + " ms");
    assertEquals(Watchdog.EXIT_CODE, exited.get(30, TimeUnit.SECONDS));
    assertTrue(System.nanoTime() - beat > 3 * interval);
  }

  @Test
  void aCallInFlightHoldsItOffUntilItEnds() throws Exception {
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    Watchdog w = new Watchdog(exited::complete);
    long interval = TimeUnit.MILLISECONDS.toNanos(300);
    w.callStarted();
    long beat = System.nanoTime();
    w.beat(interval);
    Thread.sleep(4 * 300 + 100);
    assertFalse(exited.isDone(), "exited after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beat) + " ms with a call in flight");
    w.callEnded();
    assertEquals(Watchdog.EXIT_CODE, exited.get(30, TimeUnit.SECONDS));
  }

  /** A plugin exiting on the host's request stops heartbeats on purpose: not a lost host. */
  @Test
  void standingDownEndsTheWatch() throws Exception {
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    Watchdog w = new Watchdog(exited::complete);
    w.beat(TimeUnit.MILLISECONDS.toNanos(50));
    w.standDown();
    Thread.sleep(3 * 50 * 3 + 600);
    assertFalse(exited.isDone());
  }
}
