package dev.vllmscan.provider.vllm;

import dev.vllmscan.provider.connection.Posture;
import dev.vllmscan.proto.providers.Config;
import java.util.function.Supplier;

/**
 * The one connection a launcher's head start prepared, held until the Connect it was for: adopted when that Connect
 * asks for exactly this connection, dropped (its prober closed) by any other. Once a Connect has been seen, later
 * head starts are ignored, so a posture is never probed twice.
 */
final class HeadStart {
  private Config connection;
  private Posture posture;
  private boolean connectSeen;

  /** Keeps a posture for {@code conn} (built only when one can still be used); nothing is sent yet. */
  void prepare(Config conn, Supplier<Posture> build) {
    synchronized (this) {
      if (connectSeen || posture != null) return;
    }
    Posture built = build.get();
    synchronized (this) {
      if (!connectSeen && posture == null) {
        connection = conn;
        posture = built;
        return;
      }
    }
    built.close();
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
