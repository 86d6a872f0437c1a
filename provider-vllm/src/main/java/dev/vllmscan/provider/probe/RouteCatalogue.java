package dev.vllmscan.provider.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The route catalogue, loaded from {@code catalogue/routes.tsv}: one table drives probing, verdicts and tests. */
public final class RouteCatalogue {
  private static final String RESOURCE = "/catalogue/routes.tsv";
  private static volatile RouteCatalogue builtIn;

  private final List<RouteSpec> routes;
  private final Map<String, RouteSpec> byKey = new LinkedHashMap<>();
  // Computed once: the safety guard consults both before every request, the endpoint resource for every route.
  private final Set<String> stateChangingPaths;
  private final Set<String> readOnlyPostPaths;

  public RouteCatalogue(List<RouteSpec> routes) {
    this.routes = List.copyOf(routes);
    for (RouteSpec r : routes) {
      if (r.stateChanging() && r.wireMethod().equals(r.method())) {
        throw new IllegalStateException("state-changing route " + r.key() + " must be probed with another method");
      }
      if (r.stateChanging() && !Set.of("GET", "HEAD", "OPTIONS").contains(r.wireMethod())) {
        throw new IllegalStateException("state-changing route " + r.key() + " may only be probed with GET/HEAD/OPTIONS");
      }
      if (byKey.put(r.key(), r) != null) {
        throw new IllegalStateException("duplicate catalogue row " + r.key());
      }
    }
    Set<String> changing = new TreeSet<>();
    Set<String> readOnlyPost = new TreeSet<>();
    for (RouteSpec r : this.routes) {
      if (r.stateChanging()) changing.add(r.path());
      else if (r.wireMethod().equals("POST")) readOnlyPost.add(r.path());
    }
    this.stateChangingPaths = Collections.unmodifiableSet(changing);
    this.readOnlyPostPaths = Collections.unmodifiableSet(readOnlyPost);
  }

  public static RouteCatalogue builtIn() {
    if (builtIn == null) {
      try (InputStream in = RouteCatalogue.class.getResourceAsStream(RESOURCE)) {
        if (in == null) throw new IllegalStateException(RESOURCE + " missing from the provider jar");
        builtIn = parse(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return builtIn;
  }

  static RouteCatalogue parse(InputStream in) throws IOException {
    List<RouteSpec> rows = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    boolean header = true;
    while ((line = reader.readLine()) != null) {
      if (line.isBlank() || line.startsWith("#")) continue;
      if (header) {
        header = false;
        continue;
      }
      String[] c = line.split("\t", -1);
      if (c.length < 7) throw new IOException("catalogue row needs 8 columns: " + line);
      String path = c[0].replace("{SYNTH}", RouteSpec.SYNTH_RESPONSE_ID);
      Set<String> groups = c.length > 8 && !c[8].equals("-") ? Set.of(c[8].split(",")) : Set.of();
      rows.add(new RouteSpec(path, c[1], c[2], c[3], c[4].equals("yes"), c[5].equals("-") ? null : c[5],
          c[6], c.length > 7 ? c[7] : "", "catalogue", groups));
    }
    return new RouteCatalogue(rows);
  }

  public List<RouteSpec> routes() {
    return routes;
  }

  public Optional<RouteSpec> find(String method, String path) {
    return Optional.ofNullable(byKey.get(method + " " + path));
  }

  public List<RouteSpec> inGroup(String group) {
    return routes.stream().filter(r -> r.inGroup(group)).toList();
  }

  public List<RouteSpec> byCategory(String category) {
    return routes.stream().filter(r -> r.category().equals(category)).toList();
  }

  /** Paths with a state-changing row: no request to them ever carries their documented method. */
  public Set<String> stateChangingPaths() {
    return stateChangingPaths;
  }

  /** Paths whose POST row is read-only, verified to reject {} before any handler logic. */
  public Set<String> readOnlyPostPaths() {
    return readOnlyPostPaths;
  }
}
