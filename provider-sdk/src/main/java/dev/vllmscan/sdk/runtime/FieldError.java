package dev.vllmscan.sdk.runtime;

import dev.vllmscan.contract.Contract;

/** A field could not be computed; travels to the host as {@code DataRes.error}. */
public final class FieldError extends RuntimeException {
  /** Prefix of an error that means "not observed", as opposed to "failed": hosts may treat it as unknown. */
  public static final String UNKNOWN = Contract.UNKNOWN;

  public FieldError(String message) {
    super(message, null, false, false);
  }

  /** The evidence did not settle the field (timeout, transport error, truncated body, ...): {@code reason} says why. */
  public static FieldError unknown(String reason) {
    return new FieldError(UNKNOWN + reason);
  }
}
