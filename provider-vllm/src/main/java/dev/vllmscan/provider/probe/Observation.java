package dev.vllmscan.provider.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one request observed: status and headers, a bounded prefix of the body, or the transport
 * error. Immutable; shared by every verdict that needs it.
 */
public record Observation(
    ProbeRequest request,
    Integer status,
    Map<String, String> headers,
    byte[] body,
    boolean truncated,
    String error,
    String tlsVersion,
    List<X509Certificate> peerCertificates,
    long elapsedMillis) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static Observation failed(ProbeRequest request, String error, long elapsed) {
    return new Observation(request, null, Map.of(), new byte[0], false, error, null, List.of(), elapsed);
  }

  public boolean answered() {
    return status != null;
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  public String contentType() {
    String ct = header("content-type");
    return ct == null ? "" : ct.toLowerCase(Locale.ROOT);
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public boolean is2xx() {
    return status != null && status >= 200 && status < 300;
  }

  /** The body as JSON, or null when it is not (complete) JSON. */
  public JsonNode json() {
    if (body.length == 0 || truncated) return null;
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return request + " -> " + (status != null ? status : "error: " + error);
  }
}
