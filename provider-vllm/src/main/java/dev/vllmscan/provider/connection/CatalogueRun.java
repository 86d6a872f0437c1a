package dev.vllmscan.provider.connection;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vllmscan.provider.probe.HttpProber;
import dev.vllmscan.provider.probe.Observation;
import dev.vllmscan.provider.probe.ProbeRequest;
import dev.vllmscan.provider.probe.RouteCatalogue;
import dev.vllmscan.provider.probe.RouteSpec;
import dev.vllmscan.provider.verdict.AccessClass;
import dev.vllmscan.provider.verdict.AccessClassifier;
import dev.vllmscan.provider.verdict.Calibration;
import dev.vllmscan.provider.verdict.EndpointVerdict;
import dev.vllmscan.provider.verdict.RouteEvidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import dev.vllmscan.sdk.plugin.Log;
import java.io.IOException;
import java.util.HashSet;

/**
 * Orders the probes of one target and collects their answers into {@link RouteEvidence}; judges nothing.
 * A reachability check goes first, so a target that accepts no connection costs two requests, not the whole
 * catalogue; wave 1 (everything independent) starts as soon as the target accepts one, and wave 2 sends only what
 * wave 1's answers call for.
 */
final class CatalogueRun {
  /** Routes learnt from a target's /openapi.json that are probed at most: a hostile document cannot drive the scan. */
  static final int MAX_DISCOVERED = 200;
  private static final Set<String> HTTP_VERBS = Set.of("get", "post", "put", "delete", "patch");
  private static final JsonFactory STREAMING = new JsonFactory();

  private final HttpProber prober;
  private final RouteCatalogue catalogue;
  private final String marker;
  private final List<ProbeRequest> extraWave1;

  CatalogueRun(HttpProber prober, RouteCatalogue catalogue, String marker, List<ProbeRequest> extraWave1) {
    this.prober = prober;
    this.catalogue = catalogue;
    this.marker = marker;
    this.extraWave1 = extraWave1;
  }

  List<ProbeRequest> canaryRequests(boolean authenticated) {
    List<ProbeRequest> out = new ArrayList<>();
    List<String> regions = new ArrayList<>();
    regions.add("");
    regions.addAll(Calibration.PREFIXES);
    for (String region : regions) {
      if (authenticated && region.isEmpty()) continue;
      out.add(new ProbeRequest("GET", region + "/" + marker, authenticated, Map.of(), false));
      out.add(new ProbeRequest("POST", region + "/" + marker, authenticated, Map.of(), true));
    }
    return out;
  }

  Calibration calibrate() {
    List<ProbeRequest> requests = new ArrayList<>(canaryRequests(false));
    if (prober.hasKey()) requests.addAll(canaryRequests(true));
    Map<String, Observation> canaries = new LinkedHashMap<>();
    List<Observation> answers = prober.getAll(requests);
    for (int i = 0; i < requests.size(); i++) {
      ProbeRequest r = requests.get(i);
      canaries.put(Calibration.canaryKey(r.authenticated(), r.method(), Calibration.region(r.path())), answers.get(i));
    }
    return new Calibration(marker, canaries);
  }

  /**
   * Why the target cannot be reached (both /health and /version failed without any HTTP answer), or null.
   * Only transport failures count: any HTTP status, even 5xx, means something answers.
   */
  static String unreachable(List<Observation> first) {
    if (first.stream().anyMatch(Observation::answered)) return null;
    return first.get(0).error() == null ? "no answer" : first.get(0).error();
  }

  /** Everything that needs no earlier answer: canaries, the catalogue (and its keyed twins), CORS and the rest. */
  private void fireWave1(boolean key) {
    for (ProbeRequest r : canaryRequests(false)) prober.fetch(r);
    if (key) canaryRequests(true).forEach(prober::fetch);
    for (RouteSpec route : catalogue.routes()) {
      prober.fetch(ProbeRequest.of(route, false));
      if (key && route.guard() != null) prober.fetch(ProbeRequest.of(route, true));
    }
    extraWave1.forEach(prober::fetch);
  }

  RouteEvidence run() {
    boolean key = prober.hasKey();
    Log.debug("timeline: reachability check");
    List<ProbeRequest> reachability = List.of(ProbeRequest.get("/health"), ProbeRequest.get("/version"));
    List<CompletableFuture<Observation>> first = reachability.stream().map(prober::fetch).toList();
    // Wave 1 waits for a live connection, not for the answers: a target that accepts none still costs only these
    // two requests, and one that does no longer costs a round trip before the catalogue starts.
    boolean live = prober.awaitConnection(first);
    Log.debug("timeline: " + (live ? "target accepted a connection" : "reachability answered")
        + "; wave 1 (canaries, catalogue, CORS)");
    if (live) fireWave1(key);
    String down = unreachable(first.stream().map(prober::await).toList());
    if (down != null) {
      // Accepted a connection yet answered neither: the rest of the catalogue would only wait out the same timeout.
      prober.cancelPending();
      return new RouteEvidence(prober.baseUrl(), key, new Calibration(marker, Map.of()), List.of(), Map.of(), Map.of(),
          Map.of(), RouteEvidence.OpenApi.NOT_SERVED, down);
    }
    if (!live) fireWave1(key); // answered before any connection was reported: start the catalogue now
    Calibration cal = calibrate();
    Log.debug("timeline: calibration answered");

    List<RouteSpec> routes = new ArrayList<>(catalogue.routes());
    Map<String, Observation> anon = new LinkedHashMap<>();
    List<CompletableFuture<Observation>> catalogued = new ArrayList<>(routes.size());
    for (RouteSpec route : routes) catalogued.add(prober.fetch(ProbeRequest.of(route, false)));
    List<Observation> answered = prober.awaitAll(catalogued);
    for (int i = 0; i < routes.size(); i++) anon.put(routes.get(i).key(), answered.get(i));
    OpenApiDoc doc = openapi(anon.get("GET /openapi.json"));
    RouteEvidence.OpenApi openapi = doc.summary();
    int[] skipped = new int[1];
    List<RouteSpec> discovered = discover(doc.methods(), skipped);
    if (skipped[0] > 0) openapi = new RouteEvidence.OpenApi(openapi.paths(), null, skipped[0]);

    Map<RouteSpec, CompletableFuture<Observation>> pendingAnon = new LinkedHashMap<>();
    for (RouteSpec d : discovered) pendingAnon.put(d, prober.fetch(ProbeRequest.of(d, false)));
    Map<String, CompletableFuture<Observation>> pendingAuth = new LinkedHashMap<>();
    if (key) {
      for (RouteSpec route : routes) {
        boolean walled = AccessClassifier.classify(anon.get(route.key()), prober.baseUrl(), route.method()) == AccessClass.AUTH;
        if (route.guard() != null || walled) pendingAuth.put(route.key(), prober.fetch(ProbeRequest.of(route, true)));
      }
    }
    for (Map.Entry<RouteSpec, CompletableFuture<Observation>> e : pendingAnon.entrySet()) {
      routes.add(e.getKey());
      anon.put(e.getKey().key(), prober.await(e.getValue()));
      if (key && Calibration.region(e.getKey().path()).length() > 0) {
        pendingAuth.put(e.getKey().key(), prober.fetch(ProbeRequest.of(e.getKey(), true)));
      }
    }
    Map<String, Observation> auth = new LinkedHashMap<>();
    List<Observation> keyed = prober.awaitAll(new ArrayList<>(pendingAuth.values()));
    int next = 0;
    for (String routeKey : pendingAuth.keySet()) auth.put(routeKey, keyed.get(next++));
    Log.debug("timeline: wave 2 answered (" + discovered.size() + " discovered, "
        + pendingAuth.size() + " keyed); " + prober.requestCount() + " requests so far");

    Map<String, EndpointVerdict> verdicts = new LinkedHashMap<>();
    for (RouteSpec route : routes) {
      verdicts.put(route.key(), EndpointVerdict.of(route, anon.get(route.key()), auth.get(route.key()), key, cal,
          prober.baseUrl()));
    }
    return new RouteEvidence(prober.baseUrl(), key, cal, routes, anon, auth, verdicts, openapi, null);
  }

  /**
   * The paths of an OpenAPI document and the HTTP methods of each, read with a streaming parser: a hostile
   * document of 100,000 paths costs a list of names, not a tree of objects per path.
   */
  record OpenApiDoc(RouteEvidence.OpenApi summary, Map<String, List<String>> methods) {}

  static OpenApiDoc openapi(Observation o) {
    OpenApiDoc none = new OpenApiDoc(RouteEvidence.OpenApi.NOT_SERVED, Map.of());
    if (o == null || !o.is2xx()) return none;
    if (o.truncated()) {
      return new OpenApiDoc(new RouteEvidence.OpenApi(null, "the document was cut at the " + o.body().length
          + "-byte read limit", 0), Map.of());
    }
    Map<String, List<String>> methods = new LinkedHashMap<>();
    boolean isOpenApi = false;
    try (JsonParser p = STREAMING.createParser(o.body())) {
      if (p.nextToken() != JsonToken.START_OBJECT) return none;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        if (key.equals("openapi")) isOpenApi = true;
        if (key.equals("paths") && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String path = p.currentName();
            List<String> verbs = new ArrayList<>();
            if (p.nextToken() == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String verb = p.currentName().toLowerCase(Locale.ROOT);
                if (HTTP_VERBS.contains(verb)) verbs.add(verb.toUpperCase(Locale.ROOT));
                p.nextToken();
                p.skipChildren();
              }
            } else {
              p.skipChildren();
            }
            methods.put(path, verbs);
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      return none;
    }
    if (!isOpenApi) return none;
    return new OpenApiDoc(new RouteEvidence.OpenApi(new ArrayList<>(methods.keySet()), null, 0), methods);
  }

  /** Routes the document lists that the catalogue lacks; every one is probed with GET only, whatever it declares. */
  private List<RouteSpec> discover(Map<String, List<String>> paths, int[] skipped) {
    List<RouteSpec> out = new ArrayList<>();
    Set<String> known = new HashSet<>();
    catalogue.routes().forEach(r -> known.add(r.path()));
    for (Map.Entry<String, List<String>> e : paths.entrySet()) {
      String path = e.getKey();
      if (path.contains("{") || !path.startsWith("/") || known.contains(path)) continue;
      for (String method : e.getValue()) {
        if (out.size() >= MAX_DISCOVERED) {
          skipped[0]++;
          continue;
        }
        out.add(new RouteSpec(path, method, "GET", "custom", !method.equals("GET"), null, "listed in /openapi.json",
            "learnt from /openapi.json", "openapi"));
      }
    }
    return out;
  }

}
