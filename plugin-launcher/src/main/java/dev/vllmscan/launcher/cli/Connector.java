package dev.vllmscan.launcher.cli;

import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.Installer;
import dev.vllmscan.launcher.host.Session;
import java.util.Locale;

/** Starts the provider and connects a target, showing provider stderr only at the chosen level. */
final class Connector {
  private Connector() {}

  static InstalledProvider provider(TargetOptions o) {
    return InstalledProvider.load(Installer.locate(o.provider));
  }

  static Session open(TargetOptions o, String connector, String url) {
    if (!connector.equals("vllm")) {
      throw new UsageException("unknown connector '" + connector + "'; vllmscan scans vLLM servers: use `vllm URL`");
    }
    InstalledProvider p = provider(o);
    if (o.inProcess) return Session.openEmbedded(p, url, o.flags(o.key()), o.logLevel);
    Session s = Session.open(p, url, o.flags(o.key()), o.logLevel, stderr(o));
    s.client().exitInBackground();
    return s;
  }

  /** Provider stderr reaches the user only at info level and below. */
  static java.util.function.Consumer<String> stderr(TargetOptions o) {
    boolean verbose = !o.logLevel.toLowerCase(Locale.ROOT).matches("warn|error|fatal|panic|disabled");
    return line -> {
      if (verbose) System.err.println(dev.vllmscan.launcher.text.SafeText.of(line, 2000));
    };
  }
}
