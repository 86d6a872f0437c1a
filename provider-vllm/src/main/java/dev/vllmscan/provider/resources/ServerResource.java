package dev.vllmscan.provider.resources;

import java.time.Instant;
import dev.vllmscan.provider.lr.VllmServerFields;
import dev.vllmscan.sdk.runtime.FieldError;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.verdict.Rollups;
import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.connection.Posture;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code vllm.server}: server-level roll-ups. Each verdict field is gated on assessability and answers
 * true, false, or {@code unknown: <reason>}; {@code evidence} holds what decided each of them.
 */
public final class ServerResource extends ResourceDefinition<VllmConnection> implements VllmServerFields<VllmConnection> {
  private AdvisoryResource advisory;

  public ServerResource() {
    super("vllm.server");
  }

  private static <T> T gated(VllmConnection c, ResourceInstance s, Function<Posture, T> value) {
    c.posture().requireAssessable();
    return value.apply(c.posture());
  }

  /** A verdict or listing field's value: the listing for a listing field, else the verdict (true, false, unknown). */
  private static Object tabled(VllmConnection c, ServerVerdicts field) {
    return gated(c, null, p -> {
      Rollups.Listing l = field.listing(p);
      if (l == null) return field.verdict(p).require();
      if (l.unknownReason() != null) throw FieldError.unknown(l.unknownReason());
      return l.items();
    });
  }

  /** Field name → the observations that decided it (or "unknown: why"), for every verdict field. */
  private Map<String, List<String>> evidence(Posture p) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ServerVerdicts v : ServerVerdicts.IN_LR_ORDER) {
      Verdict x = v.verdict(p);
      List<String> lines = x.isUnknown() ? List.of(FieldError.UNKNOWN + x.reason()) : x.evidence();
      out.put(v.fieldName(), lines);
    }
    out.put("usesTls", List.of("base URL " + p.config().baseUrl()));
    out.put("version", List.of(ServerFacts.versionDisclosed(p).reason()));
    out.put("versionDisclosed", List.of(ServerFacts.versionDisclosed(p).reason()));
    out.put("certificateValid", List.of(ServerFacts.certificateEvidence(p)));
    return out;
  }

  /** {@code advisories}: the advisories in range of the version the server disclosed (or gave the key). */
  void advisories(AdvisoryResource advisory) {
    this.advisory = advisory;
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    return c.cache().getOrCreate(name(), c.baseUrl(),
        () -> VllmServerFields.instance(c.baseUrl(), c.baseUrl()));
  }

  @Override
  public String frontend(VllmConnection c, ResourceInstance s) {
    String f = c.posture().frontend();
    if (f == null) throw FieldError.unknown("the target answered neither HTTP nor gRPC: " + c.posture().assessment().reason());
    return f;
  }

  @Override
  public Boolean reachable(VllmConnection c, ResourceInstance s) {
    return c.posture().reachable();
  }

  @Override
  public Boolean isVllm(VllmConnection c, ResourceInstance s) {
    return c.posture().isVllm();
  }

  @Override
  public List<String> fingerprints(VllmConnection c, ResourceInstance s) {
    return new ArrayList<>(c.posture().fingerprints());
  }

  @Override
  public String serverHeader(VllmConnection c, ResourceInstance s) {
    return c.posture().serverHeader();
  }

  @Override
  public Boolean assessable(VllmConnection c, ResourceInstance s) {
    return c.posture().assessment().assessable();
  }

  @Override
  public String assessableReason(VllmConnection c, ResourceInstance s) {
    return c.posture().assessment().reason();
  }

  @Override
  public String assessmentScope(VllmConnection c, ResourceInstance s) {
    return c.posture().assessment().scope();
  }

  @Override
  public Number requestsSent(VllmConnection c, ResourceInstance s) {
    return (long) c.posture().prober().requestCount() + c.posture().grpcRpcCount();
  }

  @Override
  public Boolean certificateValidationSkipped(VllmConnection c, ResourceInstance s) {
    return c.posture().config().insecure();
  }

  @Override
  public Boolean usesTls(VllmConnection c, ResourceInstance s) {
    return gated(c, s, p -> p.config().baseUrl().startsWith("https://"));
  }

  @Override
  public String tlsVersion(VllmConnection c, ResourceInstance s) {
    return gated(c, s, p -> p.tls().tlsVersion());
  }

  @Override
  public Boolean certificateValid(VllmConnection c, ResourceInstance s) {
    return gated(c, s, p -> p.tls().certificateValid());
  }

  @Override
  public Instant certificateExpiresAt(VllmConnection c, ResourceInstance s) {
    return (Instant) gated(c, s, p -> p.tls().notAfter());
  }

  @Override
  public Boolean hstsEnabled(VllmConnection c, ResourceInstance s) {
    return gated(c, s, p -> p.tls().hsts());
  }

  @Override
  public String version(VllmConnection c, ResourceInstance s) {
    return gated(c, s, ServerFacts::version);
  }

  @Override
  public Boolean versionDisclosed(VllmConnection c, ResourceInstance s) {
    return gated(c, s, p -> ServerFacts.versionDisclosed(p).require());
  }

  @Override
  public Boolean docsExposed(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.DOCS_EXPOSED);
  }

  @Override
  public Boolean openapiExposed(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.OPENAPI_EXPOSED);
  }

  @Override
  public Boolean metricsExposed(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.METRICS_EXPOSED);
  }

  @Override
  public Boolean loadEndpointExposed(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.LOAD_ENDPOINT_EXPOSED);
  }

  @Override
  public Boolean tokenizerInfoExposed(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.TOKENIZER_INFO_EXPOSED);
  }

  @Override
  public Boolean devEndpointsExposed(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.DEV_ENDPOINTS_EXPOSED);
  }

  @Override
  public Boolean profilerEndpointsExposed(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.PROFILER_ENDPOINTS_EXPOSED);
  }

  @Override
  public Boolean corsConfigured(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.CORS_CONFIGURED);
  }

  @Override
  public Boolean corsAllowsAnyOrigin(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.CORS_ALLOWS_ANY_ORIGIN);
  }

  @Override
  public Boolean corsReflectsOrigin(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.CORS_REFLECTS_ORIGIN);
  }

  @Override
  public Boolean corsAllowsCredentials(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.CORS_ALLOWS_CREDENTIALS);
  }

  @Override
  public Boolean corsAllowsNullOrigin(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.CORS_ALLOWS_NULL_ORIGIN);
  }

  @Override
  public Boolean corsPreflightAccepted(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.CORS_PREFLIGHT_ACCEPTED);
  }

  @Override
  public Boolean anonymousInferenceAllowed(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.ANONYMOUS_INFERENCE_ALLOWED);
  }

  @Override
  public Boolean apiKeyRequired(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.API_KEY_REQUIRED);
  }

  @Override
  public Boolean runtimeLoraUpdatingEnabled(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.RUNTIME_LORA_UPDATING_ENABLED);
  }

  @Override
  public Boolean storedResponsesExposed(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.STORED_RESPONSES_EXPOSED);
  }

  @Override
  public Boolean weightUpdateRoutesExposed(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, ServerVerdicts.WEIGHT_UPDATE_ROUTES_EXPOSED);
  }

  @Override
  public List<String> guardedPrefixes(VllmConnection c, ResourceInstance s) {
    return gated(c, s, p -> p.routes().calibration().guardedPrefixes());
  }

  @Override
  public List<String> unguardedInferenceRoutes(VllmConnection c, ResourceInstance s) {
    return (List<String>) tabled(c, ServerVerdicts.UNGUARDED_INFERENCE_ROUTES);
  }

  @Override
  public List<String> unguardedRoutesAnswering(VllmConnection c, ResourceInstance s) {
    return (List<String>) tabled(c, ServerVerdicts.UNGUARDED_ROUTES_ANSWERING);
  }

  @Override
  public Boolean apiKeyAccepted(VllmConnection c, ResourceInstance s) {
    return gated(c, s, p -> p.config().hasKey() ? Rollups.apiKeyAccepted(p.routes()).require() : null);
  }

  @Override
  public Boolean anonymousModelListExposed(VllmConnection c, ResourceInstance s) {
    return gated(c, s, p -> ServerFacts.anonymousModelListExposed(p).require());
  }

  @Override
  public List<String> openapiRoutes(VllmConnection c, ResourceInstance s) {
    return gated(c, s, ServerFacts::openapiRoutes);
  }

  @Override
  public Map<String, List<String>> evidence(VllmConnection c, ResourceInstance s) {
    return (Map<String, List<String>>) gated(c, s, this::evidence);
  }

  @Override
  public List<ResourceInstance> advisories(VllmConnection c, ResourceInstance s) {
    c.posture().requireAssessable();
    Object version = ServerFacts.version(c.posture());
    return advisory.forVersion(c, version instanceof String v ? v : null);
  }
}
