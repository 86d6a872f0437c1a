package dev.vllmscan.launcher.cli;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * A status line on stderr for work that takes longer than a second, on a terminal only: pipes and CI logs
 * stay clean. Cleared when the work ends.
 */
final class Progress implements AutoCloseable {
  private final Thread thread;
  private final PrintStream err;
  private volatile boolean shown;

  private Progress(Thread thread, PrintStream err) {
    this.thread = thread;
    this.err = err;
  }

  /** Shown on {@code err}, and only when this process has a terminal (the line is for a person watching it). */
  static Progress start(PrintStream err, String what, Supplier<String> detail) {
    if (System.console() == null || System.getenv("CI") != null) return new Progress(null, err);
    long start = System.nanoTime();
    Progress[] self = new Progress[1];
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(1000);
        while (!Thread.currentThread().isInterrupted()) {
          long s = (System.nanoTime() - start) / 1_000_000_000L;
          String d = detail.get();
          err.print("\r\u001b[2K" + what + " … " + s + "s" + (d.isEmpty() ? "" : "  " + d));
          err.flush();
          self[0].shown = true;
          Thread.sleep(250);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "progress");
    t.setDaemon(true);
    self[0] = new Progress(t, err);
    t.start();
    return self[0];
  }

  @Override
  public void close() {
    if (thread == null) return;
    thread.interrupt();
    try {
      thread.join(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (shown) {
      err.print("\r\u001b[2K");
      err.flush();
    }
  }
}
