package dev.vllmscan.provider.probe;

import java.util.Map;
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

  @Override
  public String toString() {
    return method + " " + path + (authenticated ? " (with key)" : "");
  }
}
