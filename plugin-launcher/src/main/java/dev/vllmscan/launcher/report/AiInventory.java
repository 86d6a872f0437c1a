package dev.vllmscan.launcher.report;

import java.util.List;

/**
 * What a scan observed that belongs in an AI bill of materials: the server's version, how its API is served, the
 * models and adapters it serves, and the advisories matched against the version. Each fact is as observed: null
 * with a reason when the scan could not see it, never a guess.
 *
 * @param version the vLLM version, or null with {@code versionUnknown} saying why (hidden, or not observed)
 * @param grpcFrontend the API is vLLM's gRPC frontend (vllm.grpc.engine.VllmEngine), not its HTTP API
 * @param authenticated the API requires credentials (null when not settled)
 * @param models null when the model list could not be read ({@code modelsUnknown} says why)
 * @param advisories null when no version was known to match them against ({@code advisoriesUnknown} says why)
 */
public record AiInventory(String version, String versionUnknown, boolean grpcFrontend, boolean usesTls, Boolean certificateValid,
    String certificate, Boolean authenticated, List<Model> models, String modelsUnknown, List<String> metricsAdapters,
    List<Finding> advisories, String advisoriesUnknown) {

  /**
   * What the BOM gets when reading the inventory failed (the provider died or broke off mid-read): every fact the
   * read would have settled is unknown with {@code why}; kept are only what the scan already knew without it (the
   * version the gate read, whether the target is the gRPC frontend, TLS as the URL's scheme says).
   */
  public static AiInventory unread(String why, String version, boolean grpcFrontend, boolean tlsByScheme) {
    return new AiInventory(version, version == null ? why : null, grpcFrontend, tlsByScheme, null, null, null, null, why,
        List.of(), null, why);
  }

  /** One entry of /v1/models: a base model, or an adapter when {@code parent} names its base. */
  public record Model(String id, String root, String parent, Long maxModelLen, String ownedBy) {}

  /**
   * An advisory whose range holds (or may hold) the version.
   *
   * @param applies true when the vulnerable condition was observed, false when observed absent, null when unknown
   * @param evidence the observations that decided {@code applies}, or why it is unknown
   */
  public record Finding(String id, List<String> aliases, String summary, String severity, Double cvss, List<String> cwe,
      String affected, String fixedIn, String url, String surface, Boolean versionAffected, Boolean applies,
      List<String> evidence) {}
}
