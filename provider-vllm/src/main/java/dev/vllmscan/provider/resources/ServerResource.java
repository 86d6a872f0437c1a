package dev.vllmscan.provider.resources;

import dev.vllmscan.provider.runtime.ResourceDefinition;
import dev.vllmscan.provider.runtime.ResourceInstance;
import dev.vllmscan.provider.vllm.Posture;
import dev.vllmscan.provider.vllm.VllmConnection;
import java.util.ArrayList;
import java.util.Map;
import java.util.function.Function;

/** {@code vllm.server}: server-level roll-ups, each a thin call into {@link Posture}. */
public final class ServerResource extends ResourceDefinition<VllmConnection> {
  public ServerResource() {
    super("vllm.server");
    field("reachable", (c, s) -> c.posture().reachable());
    field("usesTls", (c, s) -> c.baseUrl().startsWith("https://"));
    field("isVllm", (c, s) -> c.posture().isVllm());
    field("fingerprints", (c, s) -> new ArrayList<>(c.posture().fingerprints()));
    field("serverHeader", (c, s) -> c.posture().serverHeader());
    field("assessable", (c, s) -> c.posture().assessable());
    field("assessableReason", (c, s) -> c.posture().assessableReason());
    field("tlsVersion", (c, s) -> c.posture().tls().tlsVersion());
    field("certificateValid", (c, s) -> c.posture().tls().certificateValid());
    field("certificateExpiresAt", (c, s) -> c.posture().tls().notAfter());
    field("hstsEnabled", (c, s) -> c.posture().tls().hsts());
    field("requestsSent", (c, s) -> (long) c.posture().prober().requestCount());
    field("certificateValidationSkipped", (c, s) -> c.posture().config().insecure());

    gated("version", Posture::version);
    gated("docsExposed", Posture::docsExposed);
    gated("openapiExposed", Posture::openapiExposed);
    gated("metricsExposed", Posture::metricsExposed);
    gated("loadEndpointExposed", Posture::loadEndpointExposed);
    gated("tokenizerInfoExposed", Posture::tokenizerInfoExposed);
    gated("devEndpointsExposed", Posture::devEndpointsExposed);
    gated("profilerEndpointsExposed", Posture::profilerEndpointsExposed);
    gated("corsConfigured", p -> p.cors().configured());
    gated("corsAllowsAnyOrigin", p -> p.cors().allowsAnyOrigin());
    gated("corsReflectsOrigin", p -> p.cors().reflectsOrigin());
    gated("corsAllowsCredentials", p -> p.cors().allowsCredentials());
    gated("corsAllowsNullOrigin", p -> p.cors().allowsNullOrigin());
    gated("corsPreflightAccepted", p -> p.cors().preflightAccepted());
    gated("anonymousInferenceAllowed", Posture::anonymousInferenceAllowed);
    gated("apiKeyRequired", Posture::apiKeyRequired);
    gated("runtimeLoraUpdatingEnabled", Posture::runtimeLoraUpdatingEnabled);
    gated("storedResponsesExposed", Posture::storedResponsesExposed);
    gated("weightUpdateRoutesExposed", Posture::weightUpdateRoutesExposed);
    gated("guardedPrefixes", Posture::guardedPrefixes);
    gated("unguardedInferenceRoutes", Posture::unguardedInferenceRoutes);
    gated("unguardedRoutesAnswering", Posture::unguardedRoutesAnswering);
    gated("apiKeyAccepted", Posture::apiKeyAccepted);
    gated("anonymousModelListExposed", Posture::anonymousModelListExposed);
    gated("versionDisclosed", Posture::versionDisclosed);
    gated("openapiRoutes", Posture::openapiRoutes);
  }

  private void gated(String name, Function<Posture, Object> verdict) {
    field(name, (c, s) -> {
      c.posture().requireAssessable();
      return verdict.apply(c.posture());
    });
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    return c.cache().getOrCreate(name(), c.baseUrl(),
        () -> new ResourceInstance(name(), c.baseUrl()).set("baseUrl", c.baseUrl()));
  }
}
