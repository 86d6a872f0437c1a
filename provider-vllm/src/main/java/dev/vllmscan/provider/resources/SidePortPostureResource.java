package dev.vllmscan.provider.resources;

import dev.vllmscan.provider.lr.VllmSidePortPostureFields;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.sideport.SidePortObservation;
import dev.vllmscan.provider.api.sideport.SidePortPlan;
import dev.vllmscan.provider.api.sideport.SidePortRole;
import dev.vllmscan.provider.sideport.SidePortScan;
import dev.vllmscan.provider.verdict.SidePortVerdict;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * {@code vllm.sidePortPosture}: the side ports judged for the checks. The "judged" fields let a policy skip a check
 * whose ports were not seen well enough to pass it (a closed default port, a silent drop), through any host: the
 * reachable fields themselves stay unknown (a field error) in that case, never false.
 */
public final class SidePortPostureResource extends ResourceDefinition<VllmConnection> implements VllmSidePortPostureFields<VllmConnection> {
  private static final String KV = "KV-event publisher";
  private static final String DISTRIBUTED = "distributed and transfer ports";

  public SidePortPostureResource() {
    super("vllm.sidePortPosture");
  }

  private static SidePortScan.Result result(VllmConnection c) {
    return c.posture().sidePorts().result();
  }

  /**
   * Judged against a target recognised as vLLM (over HTTP or as its gRPC frontend): another server's open ports are
   * not vLLM's side ports.
   */
  private static SidePortVerdict.Judgement judge(VllmConnection c, SidePortRole.Group group, String what) {
    c.posture().requireRecognised();
    return SidePortVerdict.reachable(result(c), group, what);
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    String id = c.baseUrl() + "/side-ports";
    SidePortPlan plan = c.posture().sidePorts().plan();
    return c.cache().getOrCreate(name(), id, () -> VllmSidePortPostureFields.instance(id,
        plan.mode() != SidePortPlan.Mode.OFF,
        plan.mode() == SidePortPlan.Mode.DEFAULTS ? "default" : plan.mode().name().toLowerCase(Locale.ROOT)));
  }

  @Override
  public Boolean kvEventsPublisherReachable(VllmConnection c, ResourceInstance s) {
    return judge(c, SidePortRole.Group.KV_EVENTS, KV).verdict().require();
  }

  @Override
  public Boolean kvEventsJudged(VllmConnection c, ResourceInstance s) {
    return !judge(c, SidePortRole.Group.KV_EVENTS, KV).verdict().isUnknown();
  }

  @Override
  public Boolean distributedPortsReachable(VllmConnection c, ResourceInstance s) {
    return judge(c, SidePortRole.Group.DISTRIBUTED, DISTRIBUTED).verdict().require();
  }

  @Override
  public Boolean distributedPortsJudged(VllmConnection c, ResourceInstance s) {
    return !judge(c, SidePortRole.Group.DISTRIBUTED, DISTRIBUTED).verdict().isUnknown();
  }

  @Override
  public List<String> reachablePorts(VllmConnection c, ResourceInstance s) {
    List<String> out = new ArrayList<>();
    for (SidePortObservation o : result(c).observations()) if (o.reachable().isYes()) out.add(o.address());
    return out;
  }

  @Override
  public Boolean configurationRead(VllmConnection c, ResourceInstance s) {
    SidePortScan.Result r = result(c);
    if (r.configuration() == null) return null;
    return !r.configuration().read().isEmpty();
  }

  @Override
  public Map<String, List<String>> evidence(VllmConnection c, ResourceInstance s) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<String> kv = judge(c, SidePortRole.Group.KV_EVENTS, KV).lines();
    List<String> dist = judge(c, SidePortRole.Group.DISTRIBUTED, DISTRIBUTED).lines();
    out.put("kvEventsPublisherReachable", kv);
    out.put("kvEventsJudged", kv);
    out.put("distributedPortsReachable", dist);
    out.put("distributedPortsJudged", dist);
    List<String> all = new ArrayList<>();
    for (SidePortObservation o : result(c).observations()) all.add(o.line());
    out.put("reachablePorts", all);
    SidePortScan.Result r = result(c);
    List<String> config = new ArrayList<>();
    if (r.configuration() == null) {
      config.add(r.plan().mode() == SidePortPlan.Mode.FLAG ? "not read: --side-ports gives the list" : "not read: side ports off");
    } else {
      for (String route : r.configuration().read()) config.add("read " + route);
      config.addAll(r.configuration().ports().notes());
      config.addAll(r.configuration().ports().off().values());
      if (r.configuration().problem() != null) config.add("not readable: " + r.configuration().problem());
    }
    out.put("configurationRead", config);
    return out;
  }
}
