package dev.vllmscan.provider.probe;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP request the scanner may send: method, path (relative to the base URL, query included),
 * whether it carries the API key, extra headers and whether a {} JSON body goes with it. Equal requests
 * are sent once per connection.
 */
public record ProbeRequest(String method, String path, boolean authenticated, Map<String, String> headers, boolean jsonBody) {
  public ProbeRequest {
    headers = headers == null ? Map.of() : Map.copyOf(new TreeMap<>(headers));
  }

  public static ProbeRequest get(String path) {
    return new ProbeRequest("GET", path, false, Map.of(), false);
  }

  public static ProbeRequest of(RouteSpec route, boolean authenticated) {
    return new ProbeRequest(route.wireMethod(), route.path(), authenticated, Map.of(), route.sendsBody());
  }

  public ProbeRequest withKey() {
    return new ProbeRequest(method, path, true, headers, jsonBody);
  }

  // equals and hashCode written out: a record's own are bootstrapped through invokedynamic, which generates classes on
  // first use in every JVM start; requests are map keys from a scan's first probe on.
  @Override
  public boolean equals(Object o) {
    return o instanceof ProbeRequest r && authenticated == r.authenticated && jsonBody == r.jsonBody
        && Objects.equals(method, r.method) && Objects.equals(path, r.path) && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(method);
    h = 31 * h + Objects.hashCode(path);
    h = 31 * h + Boolean.hashCode(authenticated);
    h = 31 * h + headers.hashCode();
    return 31 * h + Boolean.hashCode(jsonBody);
  }

  @Override
  public String toString() {
    return method + " " + path + (authenticated ? " (with key)" : "");
  }
}
