package dev.vllmscan.provider.resources;

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
public final class ServerResource extends ResourceDefinition<VllmConnection> {
  private final Map<String, Function<Posture, Verdict>> verdicts = new LinkedHashMap<>();

  public ServerResource() {
    super("vllm.server");
    field("frontend", (c, s) -> {
      String f = c.posture().frontend();
      if (f == null) throw FieldError.unknown("the target answered neither HTTP nor gRPC: " + c.posture().assessment().reason());
      return f;
    });
    field("reachable", (c, s) -> c.posture().reachable());
    field("isVllm", (c, s) -> c.posture().isVllm());
    field("fingerprints", (c, s) -> new ArrayList<>(c.posture().fingerprints()));
    field("serverHeader", (c, s) -> c.posture().serverHeader());
    field("assessable", (c, s) -> c.posture().assessment().assessable());
    field("assessableReason", (c, s) -> c.posture().assessment().reason());
    field("assessmentScope", (c, s) -> c.posture().assessment().scope());
    field("requestsSent", (c, s) -> (long) c.posture().prober().requestCount() + c.posture().grpcRpcCount());
    field("certificateValidationSkipped", (c, s) -> c.posture().config().insecure());
    gated("usesTls", p -> p.config().baseUrl().startsWith("https://"));
    gated("tlsVersion", p -> p.tls().tlsVersion());
    gated("certificateValid", p -> p.tls().certificateValid());
    gated("certificateExpiresAt", p -> p.tls().notAfter());
    gated("hstsEnabled", p -> p.tls().hsts());

    gated("version", ServerFacts::version);
    gated("versionDisclosed", p -> ServerFacts.versionDisclosed(p).require());
    verdict("docsExposed", p -> Rollups.exposed(p.routes(), "docs"));
    verdict("openapiExposed", p -> Rollups.openapiExposed(p.routes()));
    verdict("metricsExposed", p -> p.metrics().exposed());
    verdict("loadEndpointExposed", p -> Rollups.exposed(p.routes(), "load"));
    verdict("tokenizerInfoExposed", p -> Rollups.exposed(p.routes(), "tokenizer-info"));
    verdict("devEndpointsExposed", p -> Rollups.categoryExposed(p.routes(), "development"));
    verdict("profilerEndpointsExposed", p -> Rollups.categoryExposed(p.routes(), "profiler"));
    verdict("corsConfigured", p -> p.cors().configured());
    verdict("corsAllowsAnyOrigin", p -> p.cors().allowsAnyOrigin());
    verdict("corsReflectsOrigin", p -> p.cors().reflectsOrigin());
    verdict("corsAllowsCredentials", p -> p.cors().allowsCredentials());
    verdict("corsAllowsNullOrigin", p -> p.cors().allowsNullOrigin());
    verdict("corsPreflightAccepted", p -> p.cors().preflightAccepted());
    verdict("anonymousInferenceAllowed", p -> Rollups.exposed(p.routes(), "completion"));
    verdict("apiKeyRequired", p -> Rollups.apiKeyRequired(p.routes()));
    verdict("runtimeLoraUpdatingEnabled", p -> Rollups.runtimeLoraUpdatingEnabled(p.routes()));
    verdict("storedResponsesExposed", p -> Rollups.exposed(p.routes(), "stored-responses"));
    verdict("weightUpdateRoutesExposed", p -> Rollups.exposed(p.routes(), "weights"));
    gated("guardedPrefixes", p -> p.routes().calibration().guardedPrefixes());
    listing("unguardedInferenceRoutes", p -> Rollups.unguardedInferenceRoutes(p.routes()));
    listing("unguardedRoutesAnswering", p -> Rollups.unguardedRoutesAnswering(p.routes()));
    gated("apiKeyAccepted", p -> p.config().hasKey() ? Rollups.apiKeyAccepted(p.routes()).require() : null);
    gated("anonymousModelListExposed", p -> ServerFacts.anonymousModelListExposed(p).require());
    gated("openapiRoutes", ServerFacts::openapiRoutes);
    gated("evidence", this::evidence);
  }

  private void gated(String name, Function<Posture, Object> value) {
    field(name, (c, s) -> {
      c.posture().requireAssessable();
      return value.apply(c.posture());
    });
  }

  private void verdict(String name, Function<Posture, Verdict> verdict) {
    verdicts.put(name, verdict);
    gated(name, p -> verdict.apply(p).require());
  }

  private void listing(String name, Function<Posture, Rollups.Listing> listing) {
    verdicts.put(name, p -> {
      Rollups.Listing l = listing.apply(p);
      return l.unknownReason() != null ? Verdict.unknown(l.unknownReason()) : Verdict.of(!l.items().isEmpty(), l.evidence().toArray(String[]::new));
    });
    gated(name, p -> {
      Rollups.Listing l = listing.apply(p);
      if (l.unknownReason() != null) throw FieldError.unknown(l.unknownReason());
      return l.items();
    });
  }

  /** Field name → the observations that decided it (or "unknown: why"), for every verdict field. */
  private Map<String, Object> evidence(Posture p) {
    Map<String, Object> out = new LinkedHashMap<>();
    verdicts.forEach((name, v) -> {
      Verdict x = v.apply(p);
      List<String> lines = x.isUnknown() ? List.of(FieldError.UNKNOWN + x.reason()) : x.evidence();
      out.put(name, lines);
    });
    out.put("usesTls", List.of("base URL " + p.config().baseUrl()));
    out.put("version", List.of(ServerFacts.versionDisclosed(p).reason()));
    out.put("versionDisclosed", List.of(ServerFacts.versionDisclosed(p).reason()));
    out.put("certificateValid", List.of(ServerFacts.certificateEvidence(p)));
    return out;
  }

  /** {@code advisories}: the advisories in range of the version the server disclosed (or gave the key). */
  void advisories(AdvisoryResource advisory) {
    field("advisories", (c, s) -> {
      c.posture().requireAssessable();
      Object version = ServerFacts.version(c.posture());
      return advisory.forVersion(c, version instanceof String v ? v : null);
    });
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    return c.cache().getOrCreate(name(), c.baseUrl(),
        () -> new ResourceInstance(name(), c.baseUrl()).set("baseUrl", c.baseUrl()));
  }
}
