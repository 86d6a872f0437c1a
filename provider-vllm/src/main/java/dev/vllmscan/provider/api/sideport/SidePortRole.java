package dev.vllmscan.provider.api.sideport;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a port beside vLLM's API is for, with vLLM's default port for it (vllm/config: KVEventsConfig.endpoint,
 * KVTransferConfig.kv_port and ECTransferConfig.ec_port, ParallelConfig.data_parallel_master_port and master_port,
 * the frontend's data_parallel_supervisor_port). The check that judges it is {@link #group}.
 */
public enum SidePortRole {
  KV_EVENTS("kv-events", 5557, Group.KV_EVENTS, "KV-event publisher (ZeroMQ PUB)"),
  KV_TRANSFER("kv-transfer", 14579, Group.DISTRIBUTED, "KV / encoder-cache transfer"),
  DP_MASTER("dp-master", 29500, Group.DISTRIBUTED, "data-parallel master"),
  TORCH_MASTER("torch-master", 29501, Group.DISTRIBUTED, "torch.distributed master"),
  DP_SUPERVISOR("dp-supervisor", 9256, Group.DISTRIBUTED, "data-parallel supervisor (HTTP health)"),
  UNKNOWN("unknown", 0, Group.NONE, "named by --side-ports, role not known");

  /** Which check judges a role; a port of unknown role is reported but judged by neither. */
  public enum Group { KV_EVENTS, DISTRIBUTED, NONE }

  private final String id;
  private final int defaultPort;
  private final Group group;
  private final String title;

  SidePortRole(String id, int defaultPort, Group group, String title) {
    this.id = id;
    this.defaultPort = defaultPort;
    this.group = group;
    this.title = title;
  }

  public String id() {
    return id;
  }

  public int defaultPort() {
    return defaultPort;
  }

  public Group group() {
    return group;
  }

  public String title() {
    return title;
  }

  /** The roles with a default port, in probe order. */
  public static SidePortRole[] known() {
    return Arrays.stream(values()).filter(r -> r != UNKNOWN).toArray(SidePortRole[]::new);
  }

  public static Optional<SidePortRole> byId(String id) {
    String want = id.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(known()).filter(r -> r.id.equals(want)).findFirst();
  }

  /** The role whose default port this is, else {@link #UNKNOWN}. */
  public static SidePortRole byDefaultPort(int port) {
    return Arrays.stream(known()).filter(r -> r.defaultPort == port).findFirst().orElse(UNKNOWN);
  }
}
