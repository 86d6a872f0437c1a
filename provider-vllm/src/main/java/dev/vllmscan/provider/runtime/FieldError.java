package dev.vllmscan.provider.runtime;

/** A field could not be computed; travels to the host as {@code DataRes.error}. */
public final class FieldError extends RuntimeException {
  public FieldError(String message) {
    super(message, null, false, false);
  }
}
