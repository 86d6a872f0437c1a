package dev.vllmscan.launcher.host;

/** A provider-side failure the user must see as one clear line (exit code 3). */
public final class HostException extends RuntimeException {
  public HostException(String message) {
    super(message, null, false, false);
  }

  public HostException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
