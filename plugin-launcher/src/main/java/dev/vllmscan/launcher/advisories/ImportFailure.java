package dev.vllmscan.launcher.advisories;

/**
 * Why an import or a store read failed, in one line naming the input and the cause; {@code remote} when a server
 * is to blame (exit 3) rather than what the user gave (exit 2).
 */
public final class ImportFailure extends RuntimeException {
  private final boolean remote;

  private ImportFailure(String message, boolean remote) {
    super(message);
    this.remote = remote;
  }

  static ImportFailure input(String message) {
    return new ImportFailure(message, false);
  }

  static ImportFailure remote(String message) {
    return new ImportFailure(message, true);
  }

  public boolean remote() {
    return remote;
  }
}
