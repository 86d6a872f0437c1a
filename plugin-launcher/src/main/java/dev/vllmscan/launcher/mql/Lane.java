package dev.vllmscan.launcher.mql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * One evaluation's share of the process's evaluation threads: at most {@code width} of its tasks run at once, on
 * threads every evaluation shares. A fleet evaluates a thousand targets; a pool per evaluation started and ended
 * eight threads for each of them. Closing a lane drops its queued tasks and interrupts its running ones, as
 * shutting down a pool of its own did. Callers hand {@code lane::execute} where an executor is wanted (this package
 * has an {@code Executor} of its own).
 */
final class Lane implements AutoCloseable {
  private static final ThreadLocal<Boolean> ON_LANE = ThreadLocal.withInitial(() -> false);
  private static final ExecutorService SHARED = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(() -> {
      ON_LANE.set(true);
      r.run();
    }, "mql-eval");
    t.setDaemon(true);
    return t;
  });

  private final int width;
  private final Deque<Runnable> queued = new ArrayDeque<>();
  private final Set<Thread> running = new HashSet<>();
  private int active;
  private boolean closed;

  Lane(int width) {
    this.width = width;
  }

  /** True on an evaluation thread (of any lane): work there runs inline instead of queueing behind itself. */
  static boolean onLaneThread() {
    return ON_LANE.get();
  }

  public void execute(Runnable task) {
    synchronized (this) {
      if (closed) throw new RejectedExecutionException("the evaluation has ended");
      if (active >= width) {
        queued.add(task);
        return;
      }
      active++;
    }
    SHARED.execute(() -> drain(task));
  }

  /** Runs the task, then this lane's queued ones, on one shared thread, until the queue is empty or the lane closed. */
  private void drain(Runnable first) {
    Thread me = Thread.currentThread();
    Runnable task = first;
    while (task != null) {
      synchronized (this) {
        if (closed) {
          active--;
          return;
        }
        running.add(me);
      }
      try {
        task.run();
      } finally {
        synchronized (this) {
          running.remove(me);
        }
        // An interrupt meant for this lane's task must not reach the next lane's task on this shared thread.
        Thread.interrupted();
      }
      synchronized (this) {
        task = queued.poll();
        if (task == null) active--;
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    queued.clear();
    running.forEach(Thread::interrupt);
  }
}
