package dev.vllmscan.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The bench's CPU rows: a stat line's clocks, a reaped child's time, and a live thread's time found by its name. */
class CpuClockTest {
  // pid (comm with a space and a bracket) state ppid ... utime stime cutime cstime ...
  private static final String STAT =
      "4242 (sh -c x) y) S 1 4242 4242 0 -1 4194560 100 2000 0 0 3 1 137 24 20 0 1 0 100 2000 300";

  @Test
  void aStatLineGivesItsOwnAndItsChildrensTime() {
    assertEquals(0.04, CpuClock.ownSeconds(STAT), 1e-9);
    assertEquals(1.61, CpuClock.childSeconds(STAT), 1e-9);
  }

  @Test
  void aChildsCpuIsCountedOnceItIsReaped() throws Exception {
    double before = CpuClock.reapedSeconds();
    assertTrue(before >= 0, "no /proc/self/stat here");
    // A shell loop that burns a few tenths of a CPU-second, then exits.
    Process p = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
    p.waitFor();
    double used = CpuClock.reapedSeconds() - before;
    assertTrue(used >= 0.05, "counted " + used + " CPU-s for the child");
  }

  @Test
  void aLiveThreadsTimeIsFoundByItsName() throws Exception {
    CountDownLatch burnt = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    long[] ownNanos = new long[1];
    CpuClock.Snapshot before = CpuClock.Snapshot.take();
    Thread burner = new Thread(() -> {
      long t0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      long x = 0;
      while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - t0 < 300_000_000L) x += x * 31 + 7;
      ownNanos[0] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() + (x == 42 ? 1 : 0);
      burnt.countDown();
      try {
        release.await(); // stays alive: only live threads are read
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "cpu-clock-burn");
    burner.start();
    try {
      burnt.await();
      CpuClock.Snapshot after = CpuClock.Snapshot.take();
      assertTrue(after.measured(), "no /proc/self here");
      double burn = after.threadsSince(before, "cpu-clock-burn"::equals);
      // Read after the burn with the thread parked: the same clock the thread read on itself.
      assertEquals(ownNanos[0] / 1e9, burn, 0.01);
      assertEquals(0.0, after.threadsSince(before, "no-such-thread"::equals));
      assertTrue(after.own() - before.own() >= burn - 0.02, "the process's time holds its threads'");
    } finally {
      release.countDown();
      burner.join();
    }
  }
}
