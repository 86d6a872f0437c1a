package dev.vllmscan.provider.probe;

import java.util.Locale;
import java.util.Set;

/**
 * One probe-able route: documented method, the method actually sent, category and safety facts.
 * A state-changing route always carries a wire method that differs from its documented one.
 */
public record RouteSpec(
    String path,
    String method,
    String wireMethod,
    String category,
    boolean stateChanging,
    String guard,
    String registeredWhen,
    String note,
    String source,
    Set<String> groups) {

  public static final String SYNTH_RESPONSE_ID = "resp_00000000000000000000000000000000";

  public RouteSpec {
    method = method.toUpperCase(Locale.ROOT);
    wireMethod = wireMethod.toUpperCase(Locale.ROOT);
    groups = Set.copyOf(groups);
  }

  /** A route outside the catalogue (ad hoc or learnt from OpenAPI): it feeds no roll-up group. */
  public RouteSpec(String path, String method, String wireMethod, String category, boolean stateChanging,
      String guard, String registeredWhen, String note, String source) {
    this(path, method, wireMethod, category, stateChanging, guard, registeredWhen, note, source, Set.of());
  }

  public boolean inGroup(String group) {
    return groups.contains(group);
  }

  /** Endpoint identity within a connection: documented method and path. */
  public String key() {
    return method + " " + path;
  }

  /** A JSON body ({}) goes with the wire method only for read-only POST routes. */
  public boolean sendsBody() {
    return !stateChanging && wireMethod.equals("POST");
  }

  public boolean isStoredResponseProbe() {
    return category.equals("responses") && !stateChanging && path.endsWith(SYNTH_RESPONSE_ID);
  }
}
