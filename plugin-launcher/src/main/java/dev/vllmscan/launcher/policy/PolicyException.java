package dev.vllmscan.launcher.policy;

/** A bundle that cannot be loaded or does not fit the schema: a usage error. */
public final class PolicyException extends RuntimeException {
  public PolicyException(String message) {
    super(message, null, false, false);
  }
}
