package dev.vllmscan.provider.resources;

import dev.vllmscan.provider.lr.VllmAdvisoryFields;
import dev.vllmscan.contract.Contract;
import dev.vllmscan.provider.api.advisory.Advisory;
import dev.vllmscan.provider.api.advisory.AdvisoryDatabase;
import dev.vllmscan.provider.api.advisory.Pep440;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.verdict.AdvisoryVerdict;
import dev.vllmscan.provider.verdict.Rollups;
import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.vllmscan.sdk.plugin.ProviderException;

/**
 * {@code vllm.advisory}: one known vulnerability matched against the detected version and judged by what the
 * server exposes; {@code vllm.server.advisories} lists those whose range holds (or may hold) the version.
 */
public final class AdvisoryResource extends ResourceDefinition<VllmConnection> implements VllmAdvisoryFields<VllmConnection> {
  private static final String ADVISORY = "advisory";
  private static final String VERSION = "version";

  public AdvisoryResource() {
    super("vllm.advisory");
  }

  private static Verdict versionAffected(ResourceInstance s) {
    Advisory a = s.attachment(ADVISORY);
    String version = s.attachment(VERSION);
    return a.affects(version);
  }

  private static Verdict appliesVerdict(VllmConnection c, ResourceInstance s) {
    c.posture().requireAssessable();
    Advisory a = s.attachment(ADVISORY);
    return AdvisoryVerdict.applies(a, versionAffected(s), c.posture().routes(), Rollups.apiKeyRequired(c.posture().routes()),
        () -> c.posture().sidePorts().result());
  }

  /** Advisories whose range holds or may hold {@code version}; null when the version is not known. */
  List<ResourceInstance> forVersion(VllmConnection c, String version) {
    if (version == null) return null;
    Pep440 parsed = Pep440.parse(version); // once for all; a version that is not PEP 440 skips none (unknown, never no)
    List<ResourceInstance> out = new ArrayList<>();
    for (Advisory a : AdvisoryDatabase.current().advisories()) {
      if (parsed != null && a.affects(parsed).isNo()) continue;
      String id = c.baseUrl() + "/advisory/" + a.id();
      out.add(c.cache().getOrCreate(name(), id, () -> VllmAdvisoryFields.instance(id,
          a.id(),
          a.aliases(),
          a.summary(),
          a.severity(),
          a.cvss(),
          a.cwe(),
          a.affected(),
          a.fixedIn(),
          a.surface(),
          a.condition(),
          a.routes(),
          a.observable(),
          a.url())
          .attach(ADVISORY, a)
          .attach(VERSION, version)));
    }
    return out;
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    throw ProviderException.invalid("vllm.advisory is listed through vllm.server.advisories");
  }

  @Override
  public Boolean versionAffected(VllmConnection c, ResourceInstance s) {
    return versionAffected(s).require();
  }

  @Override
  public Boolean applies(VllmConnection c, ResourceInstance s) {
    return appliesVerdict(c, s).require();
  }

  @Override
  public List<String> evidence(VllmConnection c, ResourceInstance s) {
    Advisory a = s.attachment(ADVISORY);
    List<String> out = new ArrayList<>();
    out.add(AdvisoryVerdict.headline(a) + (a.url() == null ? "" : " " + a.url()));
    Verdict v = appliesVerdict(c, s);
    for (String line : v.evidence()) out.add("  " + (v.isUnknown() ? Contract.UNKNOWN : "") + line);
    return out;
  }
}
