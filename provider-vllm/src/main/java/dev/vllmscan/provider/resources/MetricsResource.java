package dev.vllmscan.provider.resources;

import dev.vllmscan.contract.Contract;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vllmscan.provider.parse.Prometheus;
import dev.vllmscan.provider.probe.Observation;
import dev.vllmscan.provider.verdict.Rollups;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@code vllm.metrics}: what an anonymous scrape of /metrics and a read of /load disclose. */
public final class MetricsResource extends ResourceDefinition<VllmConnection> {
  public MetricsResource() {
    super("vllm.metrics");
    field("prometheusExposed", (c, s) -> gate(c).metrics().exposed().require());
    field("scrapeTruncated", (c, s) -> gate(c).metrics().exposed().isYes() ? gate(c).metrics().partial() : null);
    field("loadEndpointExposed", (c, s) -> Rollups.exposed(gate(c).routes(), "load").require());
    field("loadTrackingVisible", (c, s) -> {
      Boolean exposed = Rollups.exposed(gate(c).routes(), "load").require();
      return exposed ? serverLoad(c) != null : false;
    });
    field("serverLoad", (c, s) -> serverLoad(c));
    field("evidence", (c, s) -> evidence(gate(c)));
    snapshot("exposedModelNames", Prometheus.Snapshot::modelNames);
    snapshot("exposedLoraAdapters", Prometheus.Snapshot::loraAdapters);
    snapshot("cacheConfigExposed", Prometheus.Snapshot::cacheConfigExposed);
    snapshot("exposedCacheConfig", Prometheus.Snapshot::cacheConfig);
  }

  private static dev.vllmscan.provider.connection.Posture gate(VllmConnection c) {
    c.posture().requireAssessable();
    return c.posture();
  }

  /**
   * A label of the anonymous scrape. Behind an authentication wall too: these fields say what an anonymous client
   * learns, so a /metrics the wall refused leaks nothing (null, with the refusal as evidence); an unsettled scrape
   * stays unknown.
   */
  private void snapshot(String name, Function<Prometheus.Snapshot, Object> f) {
    field(name, (c, s) -> gate(c).metrics().label(f));
  }

  /** Field name → what decided it: the scrape's status and series, the labels seen, /load's answer. */
  private static Map<String, Object> evidence(dev.vllmscan.provider.connection.Posture p) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    dev.vllmscan.provider.verdict.MetricsVerdict m = p.metrics();
    List<String> scrape = m.exposed().isUnknown() ? List.of(Contract.UNKNOWN + m.exposed().reason()) : m.exposed().evidence();
    out.put("prometheusExposed", scrape);
    Prometheus.Snapshot snap = m.snapshot();
    out.put("cacheConfigExposed", snap == null ? scrape : List.of(snap.cacheConfigExposed()
        ? "vllm:cache_config_info labels: " + snap.cacheConfig() : "no vllm:cache_config_info series in the scrape"));
    out.put("exposedLoraAdapters", snap == null ? scrape : List.of("vllm:lora_requests_info adapters: " + snap.loraAdapters()));
    out.put("exposedModelNames", snap == null ? scrape : List.of("model_name labels on vllm: series: " + snap.modelNames()));
    dev.vllmscan.provider.api.Verdict load = Rollups.exposed(p.routes(), "load");
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
    return c.cache().getOrCreate(name(), id, () -> new ResourceInstance(name(), id));
  }
}
