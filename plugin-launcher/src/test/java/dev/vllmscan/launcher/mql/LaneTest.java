package dev.vllmscan.launcher.mql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LaneTest {
  @Test
  void runsAtMostItsWidthAtOnceAndEveryTask() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    // The first three wait for each other, so "three at once" does not rest on timing (a loaded CI machine may
    // start a thread late); a lane narrower than three would leave them waiting out the 10 s and fail below.
    CountDownLatch threeIn = new CountDownLatch(3);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    try (Lane lane = new Lane(3)) {
      for (int i = 0; i < 40; i++) {
        all.add(CompletableFuture.runAsync(() -> {
          most.accumulateAndGet(now.incrementAndGet(), Math::max);
          threeIn.countDown();
          await(threeIn);
          sleep(2);
          now.decrementAndGet();
          done.incrementAndGet();
        }, lane::execute));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }
    assertEquals(40, done.get());
    assertEquals(3, most.get(), "three at once, never more");
  }

  /** What the lane is for: a fleet's thousand evaluations reuse threads instead of starting eight each. */
  @Test
  void evaluationsAfterEachOtherReuseThreads() throws Exception {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    for (int run = 0; run < 50; run++) {
      try (Lane lane = new Lane(8)) {
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          tasks.add(CompletableFuture.runAsync(() -> {
            threads.add(Thread.currentThread());
            assertTrue(Lane.onLaneThread());
          }, lane::execute));
        }
        CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      }
    }
    // A pool per evaluation would have started 400 threads.
    assertTrue(threads.size() < 100, threads.size() + " threads for 400 tasks");
    assertFalse(Lane.onLaneThread(), "the test's own thread is not an evaluation thread");
  }

  @Test
  void closingDropsQueuedTasksAndInterruptsRunningOnesOnly() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    AtomicBoolean queuedRan = new AtomicBoolean();
    Lane lane = new Lane(1);
    lane.execute(() -> {
      started.countDown();
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
    });
    lane.execute(() -> queuedRan.set(true));
    assertTrue(started.await(10, TimeUnit.SECONDS));
    lane.close();
    assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the running task is interrupted");
    assertThrows(RejectedExecutionException.class, () -> lane.execute(() -> {}));

    // The shared threads go on serving other lanes, without the interrupt that was meant for the closed one.
    try (Lane next = new Lane(1)) {
      CompletableFuture<Boolean> clean = CompletableFuture.supplyAsync(() -> Thread.currentThread().isInterrupted(), next::execute);
      assertFalse(clean.get(10, TimeUnit.SECONDS));
    }
    Thread.sleep(50);
    assertFalse(queuedRan.get(), "a task still queued when the lane closed never runs");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
