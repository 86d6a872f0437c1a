package dev.vllmscan.provider.vllm;

import dev.vllmscan.provider.connection.Posture;
import dev.vllmscan.proto.providers.Config;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one connection a launcher's head start prepared, held until the Connect it was for: adopted when that Connect
 * asks for exactly this connection, dropped (its prober closed) by any other. Once a Connect has been seen, later
 * head starts are ignored, so a posture is never probed twice.
 *
 * <p>A Connect that arrives while the head start is still being prepared waits for it (a bounded wait: preparing is
 * local work, parsing and building an HTTP client), so on a slow or busy machine the prepared run is still the one
 * adopted, instead of being built a second time and thrown away.
 */
final class HeadStart {
  /** What a head start prepared: the connection (without the host's id) and its posture, not yet probing. */
  record Prepared(Config connection, Posture posture) {}

  /** How long a Connect waits for a head start still being prepared; past it, Connect builds its own. */
  static final long PREPARE_WAIT_MILLIS = 10_000;

  private Config connection;
  private Posture posture;
  private boolean preparing;
  private boolean connectSeen;

  /**
   * Keeps what {@code build} prepares (null: nothing to prepare); nothing is sent yet. Built only when it can still
   * be used, and marked as under way first, so a Connect in the meantime waits for it.
   */
  void prepare(Supplier<Prepared> build) {
    synchronized (this) {
      if (connectSeen || posture != null || preparing) return;
      preparing = true;
    }
    Prepared built = null;
    try {
      built = build.get();
    } finally {
      synchronized (this) {
        preparing = false;
        notifyAll();
        if (built != null && !connectSeen) {
          connection = built.connection();
          posture = built.posture();
          built = null;
        }
      }
      if (built != null) built.posture().close();
    }
  }

  /** Starts the prepared posture's catalogue run; false when there is none (or a Connect already took it). */
  synchronized boolean begin() {
    if (posture == null) return false;
    posture.startCatalogueRun();
    return true;
  }

  /** The prepared posture when {@code conn} (whose id the host chose) is the one it was prepared for, else null. */
  Posture adopt(Config conn) {
    Config prepared;
    Posture p;
    synchronized (this) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PREPARE_WAIT_MILLIS);
      for (long left; preparing && (left = deadline - System.nanoTime()) > 0; ) {
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // stop waiting: this Connect builds its own, the head start is dropped
          break;
        }
      }
      connectSeen = true;
      prepared = connection;
      p = posture;
      connection = null;
      posture = null;
    }
    if (p == null) return null;
    if (prepared.equals(conn.toBuilder().clearId().build())) return p;
    p.close();
    return null;
  }
}
