package dev.vllmscan.provider.probe.grpc;

import io.grpc.Status;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One unary call the scanner made and what came back.
 *
 * @param method the full method name ({@code vllm.grpc.engine.VllmEngine/GetModelInfo})
 * @param identity {@code anonymous} or {@code apiKey}
 * @param fields the answer's fields by name (by number, {@code #3}, when no descriptor was known); empty when none
 * @param bytes size of the answer as received, -1 when there was none
 */
public record Rpc(String method, String identity, Status.Code code, String detail, Map<String, Object> fields, int bytes) {
  public Rpc {
    fields = fields == null ? Map.of() : Map.copyOf(fields);
  }

  public boolean ok() {
    return code == Status.Code.OK;
  }

  /** Refused for want of credentials (what an authenticating interceptor or proxy answers). */
  public boolean refused() {
    return code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED;
  }

  /**
   * This answer with {@code secret} replaced wherever the server echoed it (status text, any field value): a
   * server may reflect the key it was sent, and nothing the scan shows may carry it.
   */
  public Rpc redacted(String secret) {
    if (secret == null || secret.isEmpty()) return this;
    Map<String, Object> clean = new LinkedHashMap<>();
    fields.forEach((k, v) -> clean.put(k, redact(v, secret)));
    return new Rpc(method, identity, code, detail == null ? null : detail.replace(secret, "<redacted>"), clean, bytes);
  }

  private static Object redact(Object v, String secret) {
    if (v instanceof String s) return s.replace(secret, "<redacted>");
    if (v instanceof List<?> l) return l.stream().map(x -> redact(x, secret)).toList();
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, redact(x, secret)));
      return out;
    }
    return v;
  }

  /** Short method name: {@code GetModelInfo}. */
  public String shortName() {
    return method.substring(method.lastIndexOf('/') + 1);
  }

  /** One evidence line: {@code GetModelInfo (anonymous) → OK, 212 bytes}. */
  public String line() {
    return method + " (" + identity + ") → " + code + (ok() ? ", " + bytes + " bytes" : detail == null ? "" : ": " + detail);
  }

  static String describe(Status s) {
    String d = text(s);
    return s.getCode() + (d == null ? "" : " (" + d + ")");
  }

  /** The status's description, cleaned for a report (no control characters, capped), or null. */
  static String text(Status s) {
    String d = s.getDescription();
    if (d == null && s.getCause() != null) d = s.getCause().getClass().getSimpleName();
    if (d == null) return null;
    d = d.replaceAll("[\\p{Cntrl}]", " ");
    return d.length() > 200 ? d.substring(0, 200) + "…" : d;
  }
}
