package dev.vllmscan.provider.connection;

import dev.vllmscan.sdk.plugin.ProviderException;
import dev.vllmscan.provider.probe.TrustSources;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A normalised target: base URL (scheme, host, optional port and path prefix; no query, fragment or
 * trailing slash), the API key, TLS verification, timeout and the extra CA file to trust ({@code caCert}, null
 * when none). {@link #toString()} never shows the key.
 * {@code grpc://HOST:PORT} and {@code grpcs://HOST:PORT} name vLLM's gRPC frontend (a port, no path).
 */
public record ConnectionConfig(String baseUrl, String scheme, String host, int port, String path, String apiKey,
    boolean insecure, int timeoutSeconds, String caCert) {

  public ConnectionConfig(String baseUrl, String scheme, String host, int port, String path, String apiKey,
      boolean insecure, int timeoutSeconds) {
    this(baseUrl, scheme, host, port, path, apiKey, insecure, timeoutSeconds, null);
  }

  /** The same target trusting {@code file} (a PEM bundle) besides the environment's and the JDK's CAs. */
  public ConnectionConfig withCaCert(String file) {
    String f = file == null || file.isBlank() ? null : file.trim();
    return new ConnectionConfig(baseUrl, scheme, host, port, path, apiKey, insecure, timeoutSeconds, f);
  }

  /**
   * The CAs this target's certificate is verified against, loaded (once per process) from --ca-cert, SSL_CERT_FILE /
   * SSL_CERT_DIR and the JDK; a CA file that cannot be used is the user's input to fix, refused before any request.
   */
  public TrustSources trust() {
    try {
      return TrustSources.load(caCert, scheme.equals("https") || scheme.equals("grpcs"), System::getenv);
    } catch (TrustSources.BadTrustSource e) {
      throw ProviderException.invalid(e.getMessage());
    }
  }

  public static final int DEFAULT_TIMEOUT = 10;

  public static ConnectionConfig parse(String raw, String apiKey, boolean insecure, int timeoutSeconds) {
    if (raw == null || raw.isBlank()) {
      throw ProviderException.invalid("missing target URL; usage: vllm ENDPOINT, e.g. http://localhost:8000");
    }
    if (timeoutSeconds <= 0) {
      throw ProviderException.invalid("--timeout must be a positive number of seconds, got " + timeoutSeconds);
    }
    String input = raw.trim();
    if (!input.contains("://")) input = "http://" + input;
    URI uri;
    try {
      uri = new URI(input);
    } catch (URISyntaxException e) {
      throw ProviderException.invalid("'" + raw.trim() + "' is not a valid URL; expected e.g. http://localhost:8000");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("grpc") && !scheme.equals("grpcs")) {
      throw ProviderException.invalid("unsupported scheme '" + scheme + "' in '" + raw.trim()
          + "'; use http://, https://, grpc:// or grpcs://");
    }
    boolean grpc = scheme.startsWith("grpc");
    String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    Matcher portText = Pattern.compile(":(\\d+)$").matcher(authority);
    if (portText.find() && (portText.group(1).length() > 5 || Integer.parseInt(portText.group(1)) > 65535)) {
      throw ProviderException.invalid("port out of range in '" + raw.trim() + "'; use 1-65535");
    }
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw ProviderException.invalid("'" + raw.trim() + "' has no host; expected e.g. http://localhost:8000");
    }
    int port = uri.getPort();
    if (port == 0 || port > 65535 || (port < 0 && uri.getRawAuthority() != null && uri.getRawAuthority().endsWith(":"))) {
      throw ProviderException.invalid("port out of range in '" + raw.trim() + "'; use 1-65535");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
    if (grpc && port < 0) {
      throw ProviderException.invalid("'" + raw.trim() + "' has no port; a gRPC target is " + scheme + "://HOST:PORT, e.g. "
          + scheme + "://localhost:8000");
    }
    if (grpc && (!path.isEmpty() || uri.getRawQuery() != null)) {
      throw ProviderException.invalid("'" + raw.trim() + "': a gRPC target has no path or query; use " + scheme + "://HOST:PORT");
    }
    String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    String base = scheme + "://" + hostPart + (port > 0 ? ":" + port : "") + path;
    String httpForm = grpc ? (scheme.equals("grpcs") ? "https" : "http") + base.substring(scheme.length()) : base;
    if (host.contains("%") || okhttp3.HttpUrl.parse(httpForm + "/") == null) {
      // Every probe is built from this base; refuse here, as a usage error, what no probe could be sent to.
      throw ProviderException.invalid("'" + raw.trim() + "' cannot be scanned as given (IPv6 zone ids and unusual"
          + " host names are not supported); use an address without a zone id");
    }
    String key = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    return new ConnectionConfig(base, scheme, host, port, path, key, insecure, timeoutSeconds);
  }

  /** The target is named as vLLM's gRPC frontend (grpc:// or grpcs://). */
  public boolean grpc() {
    return scheme.equals("grpc") || scheme.equals("grpcs");
  }

  /** The base URL as HTTP (grpc:// → http://, grpcs:// → https://): what the HTTP client is built on. */
  public String httpBaseUrl() {
    if (!grpc()) return baseUrl;
    return (scheme.equals("grpcs") ? "https" : "http") + baseUrl.substring(scheme.length());
  }

  /** The port a connection goes to: the given one, else the scheme's default. */
  public int effectivePort() {
    return port > 0 ? port : scheme.equals("https") ? 443 : 80;
  }

  public boolean hasKey() {
    return apiKey != null;
  }

  @Override
  public String toString() {
    return "ConnectionConfig[" + baseUrl + (hasKey() ? ", api key set" : "") + (insecure ? ", insecure" : "")
        + ", timeout " + timeoutSeconds + "s" + (caCert != null ? ", ca-cert " + caCert : "") + "]";
  }
}
