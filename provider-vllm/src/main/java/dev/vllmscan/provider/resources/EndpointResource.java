package dev.vllmscan.provider.resources;

import dev.vllmscan.provider.lr.VllmEndpointFields;
import dev.vllmscan.sdk.plugin.ProviderException;
import dev.vllmscan.provider.probe.RouteSpec;
import dev.vllmscan.sdk.runtime.FieldError;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.verdict.EndpointVerdict;
import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.connection.Posture;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code vllm.endpoint}: one route. Rows of the catalogue run share its observations; an ad-hoc
 * {@code vllm.endpoint(path, method)} is probed on its own, through the same safety guard.
 */
public final class EndpointResource extends ResourceDefinition<VllmConnection> implements VllmEndpointFields<VllmConnection> {
  private static final String ROUTE = "route";
  private static final String PRIMED = "primed";

  public EndpointResource() {
    super("vllm.endpoint");
  }

  private static <T> T gated(VllmConnection c, ResourceInstance s, Function<EndpointVerdict, T> f) {
    c.posture().requireAssessable();
    return f.apply(verdict(c, s));
  }

  /** A three-valued field: null only where it does not apply; unknown names the route and why. */
  private static Object verdict(VllmConnection c, ResourceInstance s, Function<EndpointVerdict, Verdict> f) {
    return gated(c, s, v -> {
      Verdict x = f.apply(v);
      if (x == null) return null;
      if (x.isUnknown()) throw FieldError.unknown(v.route().key() + ": " + x.reason());
      return x.isYes();
    });
  }

  private static Long status(Integer s) {
    return s == null ? null : s.longValue();
  }

  private static EndpointVerdict verdict(VllmConnection c, ResourceInstance self) {
    RouteSpec route = self.attachment(ROUTE);
    Posture p = c.posture();
    if (Boolean.TRUE.equals(self.attachment(PRIMED))) {
      EndpointVerdict v = p.routes().verdict(route.key());
      if (v != null) return v;
    }
    if (route.isStoredResponseProbe() || p.catalogue().find(route.method(), route.path()).isPresent()) {
      EndpointVerdict v = p.routes().verdict(route.key());
      if (v != null) return v;
    }
    return p.adHoc(route);
  }

  /** Every route of the catalogue run, registered so the host can read their fields. */
  List<ResourceInstance> primeAll(VllmConnection c) {
    c.posture().requireAssessable();
    List<ResourceInstance> out = new ArrayList<>();
    for (RouteSpec route : c.posture().routes().routes()) {
      ResourceInstance i = register(c, route);
      i.attach(PRIMED, Boolean.TRUE);
      out.add(i);
    }
    return out;
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    Object rawPath = args.get("path");
    if (!(rawPath instanceof String path) || path.isBlank()) {
      throw ProviderException.invalid("vllm.endpoint needs a path, e.g. vllm.endpoint(path: \"/v1/models\")");
    }
    if (!path.startsWith("/")) path = "/" + path;
    Object rawMethod = args.get("method");
    String method = rawMethod instanceof String m && !m.isBlank() ? m.trim().toUpperCase(Locale.ROOT) : "GET";
    Optional<RouteSpec> known = c.posture().catalogue().find(method, path);
    RouteSpec route;
    if (known.isPresent()) {
      route = known.get();
    } else {
      String wire = c.posture().guard().safeWireMethod(method, path);
      boolean mutating = !wire.equals(method) || c.posture().catalogue().stateChangingPaths().contains(path);
      route = new RouteSpec(path, method, wire, "custom", mutating, null, "ad hoc",
          mutating ? "mutating method replaced by " + wire : "", "custom");
    }
    return register(c, route);
  }

  private ResourceInstance register(VllmConnection c, RouteSpec route) {
    String id = c.baseUrl() + " " + route.key();
    return c.cache().getOrCreate(name(), id, () -> VllmEndpointFields.instance(id,
        route.method(),
        route.path(),
        route.category(),
        route.wireMethod(),
        route.stateChanging(),
        route.source())
        .attach(ROUTE, route));
  }

  @Override
  public Number anonymousStatusCode(VllmConnection c, ResourceInstance s) {
    return gated(c, s, v -> status(v.anonymousStatusCode()));
  }

  @Override
  public Number authenticatedStatusCode(VllmConnection c, ResourceInstance s) {
    return gated(c, s, v -> status(v.authenticatedStatusCode()));
  }

  @Override
  public List<String> notes(VllmConnection c, ResourceInstance s) {
    return gated(c, s, EndpointVerdict::notes);
  }

  @Override
  public List<String> evidence(VllmConnection c, ResourceInstance s) {
    return gated(c, s, v -> List.of(v.summary()));
  }

  @Override
  public Boolean present(VllmConnection c, ResourceInstance s) {
    return (Boolean) verdict(c, s, EndpointVerdict::present);
  }

  @Override
  public Boolean anonymousAccessible(VllmConnection c, ResourceInstance s) {
    return (Boolean) verdict(c, s, EndpointVerdict::anonymousAccessible);
  }

  @Override
  public Boolean requiresAuth(VllmConnection c, ResourceInstance s) {
    return (Boolean) verdict(c, s, EndpointVerdict::requiresAuth);
  }

  @Override
  public String authLayer(VllmConnection c, ResourceInstance s) {
    return gated(c, s, EndpointVerdict::authLayer);
  }

  @Override
  public Boolean keyEffective(VllmConnection c, ResourceInstance s) {
    return gated(c, s, EndpointVerdict::keyEffective);
  }
}
