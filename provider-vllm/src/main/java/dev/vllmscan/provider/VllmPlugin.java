package dev.vllmscan.provider;

import dev.vllmscan.provider.vllm.VllmProvider;
import dev.vllmscan.sdk.plugin.EmbeddedPlugin;
import dev.vllmscan.sdk.plugin.Plugin;
import java.io.IOException;

/**
 * The vllm provider's entry points: its process ({@code vllm run_as_plugin --log-level L}) and the same provider
 * served inside a host's JVM. Both hand the SDK a provider object, as an mql provider's main does.
 */
public final class VllmPlugin {
  private VllmPlugin() {}

  public static void main(String[] args) throws Exception {
    Plugin.start(args, new VllmProvider());
  }

  /** {@code logLevel}: as the plugin's --log-level; lines go to this process's stderr. */
  public static EmbeddedPlugin embedded(String logLevel) throws IOException {
    return EmbeddedPlugin.start(new VllmProvider(), logLevel);
  }
}
