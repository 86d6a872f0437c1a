package dev.vllmscan.provider.resources;

import dev.vllmscan.provider.connection.Posture;
import java.util.LinkedHashMap;
import dev.vllmscan.provider.lr.VllmMetricsFields;
import dev.vllmscan.contract.Contract;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vllmscan.provider.parse.Prometheus;
import dev.vllmscan.provider.probe.Observation;
import dev.vllmscan.sdk.runtime.FieldError;
import dev.vllmscan.provider.verdict.Rollups;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.verdict.MetricsVerdict;

/** {@code vllm.metrics}: what an anonymous scrape of /metrics and a read of /load disclose. */
public final class MetricsResource extends ResourceDefinition<VllmConnection> implements VllmMetricsFields<VllmConnection> {
  public MetricsResource() {
    super("vllm.metrics");
  }

  private static Posture gate(VllmConnection c) {
    c.posture().requireAssessable();
    return c.posture();
  }

  /**
   * A label of the anonymous scrape. Behind an authentication wall too: these fields say what an anonymous client
   * learns, so a /metrics the wall refused leaks nothing (null, with the refusal as evidence); an unsettled scrape
   * stays unknown.
   */
  private static <T> T snapshot(VllmConnection c, ResourceInstance s, Function<Prometheus.Snapshot, T> f) {
    return gate(c).metrics().label(f);
  }

  /** Field name → what decided it: the scrape's status and series, the labels seen, /load's answer. */
  private static Map<String, List<String>> evidence(Posture p) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    MetricsVerdict m = p.metrics();
    List<String> scrape = m.exposed().isUnknown() ? List.of(Contract.UNKNOWN + m.exposed().reason()) : m.exposed().evidence();
    out.put("prometheusExposed", scrape);
    Prometheus.Snapshot snap = m.snapshot();
    out.put("cacheConfigExposed", snap == null ? scrape : List.of(snap.cacheConfigExposed()
        ? "vllm:cache_config_info labels: " + snap.cacheConfig() : "no vllm:cache_config_info series in the scrape"));
    out.put("exposedLoraAdapters", snap == null ? scrape : List.of("vllm:lora_requests_info adapters: " + snap.loraAdapters()));
    out.put("exposedModelNames", snap == null ? scrape : List.of("model_name labels on vllm: series: " + snap.modelNames()));
    Verdict load = Rollups.exposed(p.routes(), "load");
    out.put("loadEndpointExposed", load.isUnknown() ? List.of(Contract.UNKNOWN + load.reason()) : load.evidence());
    return out;
  }

  /** The load figure /load disclosed anonymously, or null. */
  private static Long serverLoad(VllmConnection c) {
    Observation o = gate(c).routes().anon("GET /load");
    if (o == null || !o.is2xx() || !Rollups.exposed(c.posture().routes(), "load").isYes()) return null;
    JsonNode n = o.json();
    JsonNode load = n == null ? null : n.get("server_load");
    return load != null && load.isNumber() ? load.asLong() : null;
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    String id = c.baseUrl() + "/metrics";
    return c.cache().getOrCreate(name(), id, () -> VllmMetricsFields.instance(id));
  }

  @Override
  public Boolean prometheusExposed(VllmConnection c, ResourceInstance s) {
    return gate(c).metrics().exposed().require();
  }

  @Override
  public Boolean scrapeTruncated(VllmConnection c, ResourceInstance s) {
    return gate(c).metrics().exposed().isYes() ? gate(c).metrics().partial() : null;
  }

  @Override
  public Boolean loadEndpointExposed(VllmConnection c, ResourceInstance s) {
    return Rollups.exposed(gate(c).routes(), "load").require();
  }

  @Override
  public Boolean loadTrackingVisible(VllmConnection c, ResourceInstance s) {
    Boolean exposed = Rollups.exposed(gate(c).routes(), "load").require();
    if (!exposed) return false;
    Observation o = gate(c).routes().anon("GET /load");
    // A body cut at the size cap was not read: whether it held server_load is not known, not "no".
    if (o != null && o.truncated()) throw FieldError.unknown("GET /load: the body was cut at the size limit");
    return serverLoad(c) != null;
  }

  @Override
  public Number serverLoad(VllmConnection c, ResourceInstance s) {
    return serverLoad(c);
  }

  @Override
  public Map<String, List<String>> evidence(VllmConnection c, ResourceInstance s) {
    return evidence(gate(c));
  }

  @Override
  public List<String> exposedModelNames(VllmConnection c, ResourceInstance s) {
    return snapshot(c, s, Prometheus.Snapshot::modelNames);
  }

  @Override
  public List<String> exposedLoraAdapters(VllmConnection c, ResourceInstance s) {
    return snapshot(c, s, Prometheus.Snapshot::loraAdapters);
  }

  @Override
  public Boolean cacheConfigExposed(VllmConnection c, ResourceInstance s) {
    return snapshot(c, s, Prometheus.Snapshot::cacheConfigExposed);
  }

  @Override
  public Map<String, String> exposedCacheConfig(VllmConnection c, ResourceInstance s) {
    return (Map<String, String>) snapshot(c, s, Prometheus.Snapshot::cacheConfig);
  }
}
