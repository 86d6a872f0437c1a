package dev.vllmscan.launcher.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * cnspec's {@code --output-target} also takes queue URLs; vllmscan writes only local files, so a URL is refused
 * before the scan rather than silently written to a file named like it. The file must be writable before the first
 * request: a missing directory found after the scan would lose its results (and the requests were sent for nothing).
 */
final class OutputTarget {
  private OutputTarget() {}

  static Path file(String target) {
    if (target == null) return null;
    if (target.matches("(?i)[a-z][a-z0-9+.-]*://.*")) {
      throw new UsageException("--output-target takes a local file path; vllmscan does not send reports to " + target.replaceAll("://.*", "://")
          + " URLs (write a file and ship it with your CI's tools)");
    }
    Path file;
    try {
      file = Path.of(target).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new UsageException("--output-file " + target + ": not a valid path");
    }
    checkWritable(file, target);
    return file;
  }

  private static void checkWritable(Path file, String given) {
    if (Files.isDirectory(file)) throw new UsageException("--output-file " + given + " is a directory; give a file name");
    if (Files.exists(file)) {
      if (!Files.isWritable(file)) throw new UsageException("--output-file " + given + " is not writable");
      return;
    }
    Path dir = file.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UsageException("--output-file " + given + ": the directory " + dir + " does not exist; create it first");
    }
    if (!Files.isWritable(dir)) throw new UsageException("--output-file " + given + ": the directory " + dir + " is not writable");
  }
}
