package dev.vllmscan.provider.plugin;

import dev.vllmscan.provider.vllm.VllmProvider;
import io.grpc.Server;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The vllm provider served inside the host's own JVM, on loopback, with exactly the services a plugin process
 * serves. For one-shot local scans where starting a second JVM costs more than the scan; the host still talks
 * to it over gRPC, so every code path past the handshake is the plugin's.
 */
public final class EmbeddedPlugin implements AutoCloseable {
  private final Server server;
  private final VllmProvider provider;
  private volatile boolean stopped;

  private EmbeddedPlugin(Server server, VllmProvider provider) {
    this.server = server;
    this.provider = provider;
  }

  public static EmbeddedPlugin start() throws IOException {
    VllmProvider provider = new VllmProvider();
    EmbeddedPlugin[] self = new EmbeddedPlugin[1];
    // No watchdog exit here: the host is this process. The controller's shutdown stops the server only.
    Server server = PluginMain.start(provider, new Watchdog(code -> { }), () -> self[0].close());
    self[0] = new EmbeddedPlugin(server, provider);
    return self[0];
  }

  /** The go-plugin handshake line this plugin would have printed. */
  public String handshakeLine() {
    return "1|1|tcp|127.0.0.1:" + server.getPort() + "|grpc|";
  }

  public boolean running() {
    return !stopped;
  }

  @Override
  public void close() {
    if (stopped) return;
    stopped = true;
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
