package dev.vllmscan.provider.resources;

import dev.vllmscan.provider.parse.Prometheus;
import dev.vllmscan.provider.runtime.ResourceDefinition;
import dev.vllmscan.provider.runtime.ResourceInstance;
import dev.vllmscan.provider.vllm.VllmConnection;
import java.util.Map;
import java.util.function.Function;

/** {@code vllm.metrics}: what an anonymous scrape of /metrics and a read of /load disclose. */
public final class MetricsResource extends ResourceDefinition<VllmConnection> {
  public MetricsResource() {
    super("vllm.metrics");
    field("prometheusExposed", (c, s) -> gate(c).metricsExposed());
    field("loadEndpointExposed", (c, s) -> gate(c).loadEndpointExposed());
    field("loadTrackingVisible", (c, s) -> gate(c).loadTrackingVisible());
    field("serverLoad", (c, s) -> gate(c).serverLoad());
    snapshot("exposedModelNames", Prometheus.Snapshot::modelNames);
    snapshot("exposedLoraAdapters", Prometheus.Snapshot::loraAdapters);
    snapshot("cacheConfigExposed", Prometheus.Snapshot::cacheConfigExposed);
    snapshot("exposedCacheConfig", Prometheus.Snapshot::cacheConfig);
  }

  private static dev.vllmscan.provider.vllm.Posture gate(VllmConnection c) {
    c.posture().requireAssessable();
    return c.posture();
  }

  private void snapshot(String name, Function<Prometheus.Snapshot, Object> f) {
    field(name, (c, s) -> {
      Prometheus.Snapshot snap = gate(c).metricsSnapshot();
      return snap == null ? null : f.apply(snap);
    });
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    String id = c.baseUrl() + "/metrics";
    return c.cache().getOrCreate(name(), id, () -> new ResourceInstance(name(), id));
  }
}
