package dev.vllmscan.launcher.host;

import dev.vllmscan.provider.plugin.EmbeddedPlugin;
import java.io.IOException;
import java.util.Optional;

/** The built-in vllm provider served in this JVM ({@code --in-process}): no second JVM to start. */
public final class EmbeddedProvider implements ProviderEndpoint {
  private final EmbeddedPlugin plugin;
  private final Handshake handshake;

  private EmbeddedProvider(EmbeddedPlugin plugin) {
    this.plugin = plugin;
    this.handshake = Handshake.parse(plugin.handshakeLine());
  }

  public static EmbeddedProvider start() {
    try {
      return new EmbeddedProvider(EmbeddedPlugin.start());
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
