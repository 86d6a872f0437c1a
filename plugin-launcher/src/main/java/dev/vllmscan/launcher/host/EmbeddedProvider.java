package dev.vllmscan.launcher.host;

import dev.vllmscan.provider.VllmPlugin;
import dev.vllmscan.sdk.plugin.EmbeddedPlugin;
import java.io.IOException;
import java.util.Optional;

/** The built-in vllm provider served in this JVM ({@code --in-process}): no second JVM to start. */
public final class EmbeddedProvider implements ProviderEndpoint {
  private final EmbeddedPlugin plugin;
  private final Handshake handshake;

  private EmbeddedProvider(EmbeddedPlugin plugin) {
    this.plugin = plugin;
    // Not a go-plugin network: HostClient dials this one with grpc's in-process transport.
    this.handshake = new Handshake(Handshake.IN_PROCESS, plugin.transportName(), "");
  }

  public static EmbeddedProvider start(String logLevel) {
    try {
      return new EmbeddedProvider(VllmPlugin.embedded(logLevel));
    } catch (IOException e) {
      throw new HostException("cannot start the built-in provider: " + e.getMessage());
    }
  }

  @Override
  public Handshake handshake() {
    return handshake;
  }

  @Override
  public boolean alive() {
    return plugin.running();
  }

  @Override
  public String exitDescription() {
    return plugin.running() ? "still running" : "stopped";
  }

  @Override
  public boolean stop(long graceMillis) {
    boolean clean = !plugin.running();
    plugin.close();
    return clean;
  }

  @Override
  public Optional<ProcessHandle> processHandle() {
    return Optional.empty();
  }
}
