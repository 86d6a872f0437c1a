package dev.vllmscan.launcher.cli;

/** Bad input from the user: one line, exit code 2. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message, null, false, false);
  }
}
