package dev.vllmscan.sdk.plugin;

import io.grpc.Status;

/** A protocol-level failure answered as a gRPC status (never UNAVAILABLE, which hosts read as a crash). */
public final class ProviderException extends RuntimeException {
  private final Status.Code code;

  public ProviderException(Status.Code code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public static ProviderException invalid(String message) {
    return new ProviderException(Status.Code.INVALID_ARGUMENT, message);
  }

  public static ProviderException notFound(String message) {
    return new ProviderException(Status.Code.NOT_FOUND, message);
  }

  public Status.Code code() {
    return code;
  }
}
