package dev.vllmscan.provider.probe;

import java.util.Locale;
import java.util.Set;

/**
 * The last check before any request leaves: the scanner never changes the target's state. Only GET, HEAD
 * and OPTIONS go anywhere; POST (with {}) only to catalogue routes known to be read-only or to canary
 * paths; nothing with a body ever reaches a state-changing path.
 */
public final class SafetyGuard {
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final RouteCatalogue catalogue;
  private final String canaryMarker;

  public SafetyGuard(RouteCatalogue catalogue, String canaryMarker) {
    this.catalogue = catalogue;
    this.canaryMarker = canaryMarker;
  }

  /** Throws when the request could invoke a state-changing handler. */
  public void check(String method, String path, boolean hasBody) {
    String m = method.toUpperCase(Locale.ROOT);
    String bare = stripQuery(path);
    if (SAFE_METHODS.contains(m) && !hasBody) {
      return;
    }
    if (m.equals("POST") && !catalogue.stateChangingPaths().contains(bare)
        && (catalogue.readOnlyPostPaths().contains(bare) || bare.contains(canaryMarker))) {
      return;
    }
    throw new IllegalStateException("refused to send " + m + " " + bare + ": the route is not known to be read-only");
  }

  /** The method a caller may use for an ad-hoc (path, method) pair: mutating methods become GET. */
  public String safeWireMethod(String method, String path) {
    String m = method.toUpperCase(Locale.ROOT);
    String bare = stripQuery(path);
    if (SAFE_METHODS.contains(m)) return m;
    if (m.equals("POST") && catalogue.readOnlyPostPaths().contains(bare)
        && !catalogue.stateChangingPaths().contains(bare)) {
      return m;
    }
    return "GET";
  }

  private static String stripQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }
}
