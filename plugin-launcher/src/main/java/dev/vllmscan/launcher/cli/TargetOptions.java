package dev.vllmscan.launcher.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that connects to a target shares. */
public final class TargetOptions {
  @Option(names = "--api-key", description = "Bearer token for authenticated probes (default: $VLLM_API_KEY)")
  String apiKey;

  @Option(names = "--insecure", description = "Skip TLS certificate verification (the certificate is still reported)")
  boolean insecure;

  @Option(names = "--timeout", defaultValue = "10", description = "HTTP timeout per request in seconds (default: ${DEFAULT-VALUE})")
  int timeout;

  @Option(names = "--provider", description = "Provider directory (default: $PROVIDERS_PATH/vllm, ~/.config/mondoo/providers/vllm, this build)")
  Path provider;

  @Option(names = "--probe-concurrency", defaultValue = "0", description = "Probes in flight at once per target (provider default: 32)")
  int probeConcurrency;

  @Option(names = "--rate", defaultValue = "0", description = "At most N requests per second to each target, with jitter (default: no limit)")
  int rate;

  @Option(names = "--in-process", description = "Serve the built-in vllm provider inside this process instead of a plugin subprocess (faster start, no process isolation)")
  boolean inProcess;

  @Option(names = "--log-level", defaultValue = "warn", description = "Provider log level shown on stderr: trace, debug, info, warn, error")
  String logLevel;

  /** The ParseCLI flags for a target, with {@code apiKey} (which may come from an inventory). */
  java.util.Map<String, dev.vllmscan.proto.llx.Primitive> flags(String apiKey) {
    if (probeConcurrency < 0 || rate < 0) throw new UsageException("--probe-concurrency and --rate cannot be negative");
    return dev.vllmscan.launcher.host.Session.flags(apiKey, insecure, timeout, probeConcurrency, rate);
  }

  String key() {
    if (apiKey != null && !apiKey.isBlank()) return apiKey;
    String env = System.getenv("VLLM_API_KEY");
    return env == null || env.isBlank() ? null : env;
  }
}
