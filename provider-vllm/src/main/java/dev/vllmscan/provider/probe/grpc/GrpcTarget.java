package dev.vllmscan.provider.probe.grpc;

import javax.net.ssl.X509TrustManager;

/**
 * Where a gRPC frontend is asked: host, port, TLS or not, whether the certificate is verified, the per-call
 * deadline, and the key (used only to learn whether it is accepted). {@link #toString()} never shows the key.
 *
 * @param detectedFrom the http(s) URL the user gave when the frontend was found behind it, else null
 * @param trust the CAs to verify a TLS frontend against when they are more than the JDK's (--ca-cert,
 *     SSL_CERT_FILE / SSL_CERT_DIR), else null
 */
public record GrpcTarget(String host, int port, boolean tls, boolean insecure, long deadlineMillis, String apiKey,
    String detectedFrom, X509TrustManager trust) {

  public GrpcTarget(String host, int port, boolean tls, boolean insecure, long deadlineMillis, String apiKey,
      String detectedFrom) {
    this(host, port, tls, insecure, deadlineMillis, apiKey, detectedFrom, null);
  }

  /** The form a user passes to scan this frontend directly. */
  public String address() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return (tls ? "grpcs://" : "grpc://") + h + ":" + port;
  }

  public boolean hasKey() {
    return apiKey != null;
  }

  @Override
  public String toString() {
    return "GrpcTarget[" + address() + (hasKey() ? ", api key set" : "") + "]";
  }
}
