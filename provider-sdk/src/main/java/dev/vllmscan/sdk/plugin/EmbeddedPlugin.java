package dev.vllmscan.sdk.plugin;

import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A provider served inside the host's own JVM, over grpc's in-process transport, with exactly the
 * services a plugin process serves. For one-shot local scans where starting a second JVM costs more than the scan; the host still talks
 * to it over gRPC, so every code path past the handshake is the plugin's.
 */
public final class EmbeddedPlugin implements AutoCloseable {
  private final Server server;
  private final Provider provider;
  private final Watchdog watchdog;
  private volatile boolean stopped;

  private final String name;

  private EmbeddedPlugin(Server server, Provider provider, Watchdog watchdog, String name) {
    this.server = server;
    this.provider = provider;
    this.watchdog = watchdog;
    this.name = name;
  }

  /** {@code logLevel}: as the plugin's --log-level; lines go to this process's stderr. */
  public static EmbeddedPlugin start(Provider provider, String logLevel) throws IOException {
    Log.setSource(provider.name() + "-provider");
    Log.setLevel(logLevel);
    EmbeddedPlugin[] self = new EmbeddedPlugin[1];
    // No watchdog exit here: the host is this process. The controller's shutdown stops the server only.
    // The in-process transport keeps every gRPC call and message of the plugin path but needs no sockets.
    String name = "vllmscan-embedded-" + UUID.randomUUID();
    // Stopped on close: the heartbeats end then, and a watchdog left running would print "no heartbeat from the
    // host" into the host's own stderr seconds later.
    Watchdog watchdog = new Watchdog(code -> { });
    Server server = Plugin.services(InProcessServerBuilder.forName(name), provider, watchdog, () -> {
          // Not on the calling gRPC thread: close() waits for in-flight calls, this one included.
          Thread t = new Thread(self[0]::close, "embedded-plugin-shutdown");
          t.setDaemon(true);
          t.start();
        }).build().start();
    self[0] = new EmbeddedPlugin(server, provider, watchdog, name);
    return self[0];
  }

  /** The in-process transport name to dial (grpc's InProcessChannelBuilder.forName). */
  public String transportName() {
    return name;
  }

  public boolean running() {
    return !stopped;
  }

  @Override
  public void close() {
    if (stopped) return;
    stopped = true;
    watchdog.stop();
    provider.shutdown();
    server.shutdown();
    try {
      server.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.shutdownNow();
  }
}
