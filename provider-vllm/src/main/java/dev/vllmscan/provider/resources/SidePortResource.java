package dev.vllmscan.provider.resources;

import dev.vllmscan.provider.lr.VllmSidePortFields;
import dev.vllmscan.contract.Contract;
import dev.vllmscan.sdk.plugin.ProviderException;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.sideport.SidePortObservation;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code vllm.sidePort}: one port beside the API, as one probe saw it; listed by {@code vllm.sidePorts}. */
public final class SidePortResource extends ResourceDefinition<VllmConnection> implements VllmSidePortFields<VllmConnection> {
  private static final String OBSERVATION = "observation";

  public SidePortResource() {
    super("vllm.sidePort");
  }

  private static SidePortObservation observation(ResourceInstance s) {
    return s.attachment(OBSERVATION);
  }

  /** Every probed side port of the connection's host (the probes run on the first call). */
  List<ResourceInstance> list(VllmConnection c) {
    List<ResourceInstance> out = new ArrayList<>();
    String host = c.posture().config().host();
    for (SidePortObservation o : c.posture().sidePorts().result().observations()) {
      String id = c.baseUrl() + "/side-port/" + o.target().port();
      out.add(c.cache().getOrCreate(name(), id, () -> VllmSidePortFields.instance(id,
          host,
          (long) o.target().port(),
          o.target().role().id(),
          o.target().source())
          .attach(OBSERVATION, o)));
    }
    return out;
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    throw ProviderException.invalid("vllm.sidePort is listed through vllm.sidePorts");
  }

  @Override
  public Boolean reachable(VllmConnection c, ResourceInstance s) {
    return observation(s).reachable().require();
  }

  @Override
  public String protocol(VllmConnection c, ResourceInstance s) {
    return observation(s).protocol();
  }

  @Override
  public String firstBytes(VllmConnection c, ResourceInstance s) {
    return observation(s).firstBytes();
  }

  @Override
  public List<String> evidence(VllmConnection c, ResourceInstance s) {
    SidePortObservation o = observation(s);
    List<String> out = new ArrayList<>();
    out.add(o.target().role().id() + " port " + o.target().port() + " (" + o.target().role().title() + "; source "
        + o.target().source() + ")");
    for (String line : o.evidence()) out.add("  " + (o.reachable().isUnknown() ? Contract.UNKNOWN : "") + line);
    return out;
  }
}
