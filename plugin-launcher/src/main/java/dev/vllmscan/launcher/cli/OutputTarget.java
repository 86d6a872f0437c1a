package dev.vllmscan.launcher.cli;

import java.nio.file.Path;

/**
 * cnspec's {@code --output-target} also takes queue URLs; vllmscan writes only local files, so a URL is refused
 * before the scan rather than silently written to a file named like it.
 */
final class OutputTarget {
  private OutputTarget() {}

  static Path file(String target) {
    if (target == null) return null;
    if (target.matches("(?i)[a-z][a-z0-9+.-]*://.*")) {
      throw new UsageException("--output-target takes a local file path; vllmscan does not send reports to " + target.replaceAll("://.*", "://")
          + " URLs (write a file and ship it with your CI's tools)");
    }
    return Path.of(target);
  }
}
