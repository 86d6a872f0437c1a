package dev.vllmscan.launcher.cli;

import java.io.PrintStream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import dev.vllmscan.provider.api.sideport.SidePortPlan;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.launcher.mql.Executor;
import dev.vllmscan.launcher.text.Timeline;
import dev.vllmscan.llx.Types;
import dev.vllmscan.llx.Values;
import dev.vllmscan.proto.llx.Primitive;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Options every command that connects to a target shares. */
public final class TargetOptions {
  @Option(names = "--api-key", description = "Bearer token for authenticated probes. Visible to other users in ps: prefer --api-key-file or $VLLM_API_KEY")
  String apiKey;

  @Option(names = "--api-key-file", paramLabel = "PATH", description = "Read the bearer token from the first line of PATH ('-' = standard input)")
  String apiKeyFile;

  @Option(names = "--query-timeout", defaultValue = "60", description = "Longest one query or check may evaluate, in seconds (default: ${DEFAULT-VALUE})")
  int queryTimeout;

  @Option(names = "--insecure", description = "Skip TLS certificate verification (the certificate is still reported)")
  boolean insecure;

  @Option(names = "--ca-cert", paramLabel = "FILE", description = "PEM file of CA certificates to trust, before $SSL_CERT_FILE / $SSL_CERT_DIR and the JDK trust store (a private CA)")
  String caCert;

  @Option(names = "--timeout", defaultValue = "10", description = "HTTP timeout per request in seconds (default: ${DEFAULT-VALUE})")
  int timeout;

  @Option(names = "--provider", description = "Provider directory (default: $PROVIDERS_PATH/vllm, ~/.config/mondoo/providers/vllm, this build)")
  Path provider;

  @Option(names = "--probe-concurrency", defaultValue = "0", description = "Probes in flight at once per target (provider default: 32)")
  int probeConcurrency;

  @Option(names = "--rate", defaultValue = "0", description = "At most N requests per second to each target, with jitter (default: no limit)")
  int rate;

  @Option(names = "--side-ports", paramLabel = "LIST", description = "Side ports to probe on the target's host instead of vLLM's defaults: comma-separated PORT or ROLE=PORT (roles: kv-events, kv-transfer, dp-master, torch-master, dp-supervisor)")
  String sidePorts;

  @Option(names = "--no-side-ports", description = "Connect to no port but the target's (no KV-event, transfer or distributed port probes)")
  boolean noSidePorts;

  @Option(names = "--in-process", description = "Serve the built-in vllm provider inside this process instead of a plugin subprocess (faster start, no process isolation)")
  boolean inProcess;

  @Option(names = "--log-level", defaultValue = "warn", description = "Provider log level shown on stderr: trace, debug, info, warn, error")
  String logLevel;

  @Option(names = {"-v", "--verbose"}, description = "Same as --log-level debug (cnspec)")
  boolean verbose;

  /** The level in force: -v means debug (the probe list and the timeline) whatever --log-level's default says. */
  String logLevel() {
    return verbose ? "debug" : logLevel;
  }

  /** The ParseCLI flags for a target, with {@code apiKey} (which may come from an inventory). */
  Map<String, Primitive> flags(String apiKey) {
    return flags(apiKey, null, null);
  }

  /** Flags for one inventory target, whose own timeout and insecure (cnspec inventory options) win. */
  Map<String, Primitive> flags(String apiKey, Integer targetTimeout, Boolean targetInsecure) {
    return flags(apiKey, targetTimeout, targetInsecure, null, null);
  }

  /** Flags for one inventory target, whose own side ports (inventory options) win too. */
  Map<String, Primitive> flags(String apiKey, Integer targetTimeout, Boolean targetInsecure,
      String targetSidePorts, Boolean targetNoSidePorts) {
    if (probeConcurrency < 0 || rate < 0) throw new UsageException("--probe-concurrency and --rate cannot be negative");
    if (queryTimeout <= 0) throw new UsageException("--query-timeout must be a positive number of seconds");
    Executor.timeBudget(Duration.ofSeconds(queryTimeout));
    Timeline.enable(logLevel().equalsIgnoreCase("debug") || logLevel().equalsIgnoreCase("trace"), err());
    var flags = Session.flags(apiKey, targetInsecure != null ? targetInsecure : insecure,
        targetTimeout != null ? targetTimeout : timeout, probeConcurrency, rate);
    flags = new LinkedHashMap<>(flags);
    if (probeAtConnect) flags.put("probe-at-connect", Values.encode(Types.BOOL, true));
    flags.putAll(sidePortFlags(targetSidePorts, targetNoSidePorts));
    // The provider reads the file (it may run under another host too); it refuses one that is missing or not PEM.
    if (caCert != null) flags.put("ca-cert", Values.encode(Types.STRING, caCert));
    return flags;
  }

  /**
   * The side-port flags (a target's own list over the command line's; --no-side-ports over both), checked here so a bad list is
   * a usage error naming the bad item before any request.
   */
  Map<String, Primitive> sidePortFlags(String targetList, Boolean targetOff) {
    if (noSidePorts && sidePorts != null) throw new UsageException("give either --side-ports or --no-side-ports, not both");
    // --no-side-ports on the command line is absolute: no inventory target's own list reopens what it closed.
    boolean off = noSidePorts || Boolean.TRUE.equals(targetOff);
    String list = targetList != null ? targetList : sidePorts;
    Map<String, Primitive> f = new LinkedHashMap<>();
    if (off) {
      f.put(SidePortPlan.OFF_OPTION, Values.encode(Types.BOOL, true));
      return f;
    }
    if (list == null) return f;
    try {
      f.put(SidePortPlan.OPTION, Values.encode(Types.STRING, SidePortPlan.parse(list).encode()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return f;
  }

  /** The command this mixin belongs to: its run's streams carry the warnings below and the provider's stderr. */
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  PrintStream err() {
    return Streams.of(mixee).err();
  }

  /** Set by commands that read the whole posture (scan): the provider starts probing during Connect. */
  boolean probeAtConnect;

  private InstalledProvider installed;

  synchronized InstalledProvider installed(
      Supplier<InstalledProvider> load) {
    if (installed == null) installed = load.get();
    return installed;
  }

  private String resolvedKey;
  private boolean keyResolved;

  /** The key: --api-key (with a warning), else --api-key-file, else $VLLM_API_KEY; read once. */
  synchronized String key() {
    if (keyResolved) return resolvedKey;
    keyResolved = true;
    if (apiKey != null && !apiKey.isBlank()) {
      if (apiKeyFile != null) throw new UsageException("give either --api-key or --api-key-file, not both");
      err().println("vllmscan: warning: --api-key puts the key on the command line, where other users can see it"
          + " (ps); use --api-key-file or VLLM_API_KEY instead");
      resolvedKey = apiKey.strip();
    } else if (apiKeyFile != null) {
      resolvedKey = KeyFile.read(apiKeyFile);
    } else {
      String env = System.getenv("VLLM_API_KEY");
      resolvedKey = env == null || env.isBlank() ? null : env.strip();
    }
    return resolvedKey;
  }
}
