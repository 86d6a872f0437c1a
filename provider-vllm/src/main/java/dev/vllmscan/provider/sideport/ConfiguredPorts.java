package dev.vllmscan.provider.sideport;

import dev.vllmscan.provider.api.sideport.SidePortRole;
import dev.vllmscan.provider.api.sideport.SidePortTarget;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The side ports a deployment declares in /server_info's {@code vllm_config} (dev mode only), by vLLM's own
 * field names: {@code kv_events_config} (enable_kv_cache_events, publisher, endpoint, replay_endpoint),
 * {@code kv_transfer_config.kv_port}, {@code ec_transfer_config.ec_port}, {@code parallel_config}'s
 * data_parallel_master_port and master_port, and data_parallel_size (the supervisor only runs for data parallel).
 * A role is "off" when the configuration says the feature is not in use; "ports" when it names them.
 */
public record ConfiguredPorts(Map<SidePortRole, List<Integer>> ports, Map<SidePortRole, String> off, List<String> notes,
    Map<SidePortRole, String> sources) {
  private static final Pattern ZMQ_TCP_PORT = Pattern.compile("^tcp://.*:(\\d{1,5})$");

  public ConfiguredPorts(Map<SidePortRole, List<Integer>> ports, Map<SidePortRole, String> off, List<String> notes) {
    this(ports, off, notes, sourceOf(ports, off, SidePortTarget.SERVER_INFO));
  }

  private static Map<SidePortRole, String> sourceOf(Map<SidePortRole, List<Integer>> ports, Map<SidePortRole, String> off, String source) {
    Map<SidePortRole, String> out = new EnumMap<>(SidePortRole.class);
    ports.keySet().forEach(r -> out.put(r, source));
    off.keySet().forEach(r -> out.put(r, source));
    return out;
  }

  public static ConfiguredPorts none() {
    return new ConfiguredPorts(Map.of(), Map.of(), List.of(), Map.of());
  }

  /**
   * The running KV-event publishers from {@code GET /kv_event_sources} (vLLM 0.30+, anonymous): data-parallel rank to
   * the publisher's resolved configuration (endpoint port already offset by the rank); an empty object means no
   * publisher runs.
   */
  public static ConfiguredPorts fromKvEventSources(JsonNode sources) {
    Map<SidePortRole, List<Integer>> ports = new EnumMap<>(SidePortRole.class);
    Map<SidePortRole, String> off = new EnumMap<>(SidePortRole.class);
    List<String> notes = new ArrayList<>();
    if (sources.isEmpty()) {
      off.put(SidePortRole.KV_EVENTS, "/kv_event_sources: {} (no KV-event publisher runs)");
    } else {
      Set<Integer> found = new LinkedHashSet<>();
      sources.fields().forEachRemaining(rank -> {
        for (String field : List.of("endpoint", "replay_endpoint")) {
          String endpoint = rank.getValue().path(field).asText("");
          Matcher m = ZMQ_TCP_PORT.matcher(endpoint);
          if (m.matches()) {
            int p = Integer.parseInt(m.group(1));
            if (p >= 1 && p <= 65535) found.add(p);
            notes.add("/kv_event_sources: rank " + rank.getKey() + " " + field + " " + endpoint);
          }
        }
      });
      if (!found.isEmpty()) ports.put(SidePortRole.KV_EVENTS, List.copyOf(found));
    }
    return new ConfiguredPorts(ports, off, notes, sourceOf(ports, off, SidePortTarget.KV_EVENT_SOURCES));
  }

  /** This configuration, with {@code other}'s answer for every role this one says nothing about. */
  public ConfiguredPorts orElse(ConfiguredPorts other) {
    Map<SidePortRole, List<Integer>> p = new EnumMap<>(SidePortRole.class);
    Map<SidePortRole, String> o = new EnumMap<>(SidePortRole.class);
    Map<SidePortRole, String> src = new EnumMap<>(SidePortRole.class);
    List<String> n = new ArrayList<>(notes);
    n.addAll(other.notes);
    for (SidePortRole r : SidePortRole.values()) {
      ConfiguredPorts from = ports.containsKey(r) || off.containsKey(r) ? this : other;
      if (from.ports.containsKey(r)) p.put(r, from.ports.get(r));
      if (from.off.containsKey(r)) o.put(r, from.off.get(r));
      if (from.sources.containsKey(r)) src.put(r, from.sources.get(r));
    }
    return new ConfiguredPorts(p, o, n, src);
  }

  public static ConfiguredPorts from(JsonNode config) {
    Map<SidePortRole, Set<Integer>> ports = new EnumMap<>(SidePortRole.class);
    Map<SidePortRole, String> off = new EnumMap<>(SidePortRole.class);
    List<String> notes = new ArrayList<>();

    JsonNode events = config.get("kv_events_config");
    if (events == null || events.isNull()) {
      off.put(SidePortRole.KV_EVENTS, "/server_info: kv_events_config is null (no KV-event publisher)");
    } else if (events.isObject()) {
      boolean enabled = events.path("enable_kv_cache_events").asBoolean(false);
      String publisher = events.path("publisher").asText("null");
      if (!enabled || !"zmq".equals(publisher)) {
        off.put(SidePortRole.KV_EVENTS, "/server_info: kv_events_config enable_kv_cache_events=" + enabled
            + ", publisher=" + publisher + " (no ZeroMQ publisher)");
      } else {
        for (String field : List.of("endpoint", "replay_endpoint")) {
          String endpoint = events.path(field).asText("");
          Matcher m = ZMQ_TCP_PORT.matcher(endpoint);
          if (m.matches()) {
            add(ports, SidePortRole.KV_EVENTS, Integer.parseInt(m.group(1)));
            notes.add("/server_info: kv_events_config." + field + " " + endpoint);
          } else if (!endpoint.isEmpty()) {
            notes.add("/server_info: kv_events_config." + field + " " + endpoint + " (not a TCP endpoint)");
          }
        }
      }
    }

    boolean transfer = false;
    for (String[] f : new String[][] {{"kv_transfer_config", "kv_port", "kv_connector"}, {"ec_transfer_config", "ec_port", "ec_connector"}}) {
      JsonNode block = config.get(f[0]);
      if (block == null || block.isNull() || !block.isObject()) continue;
      if (block.path(f[2]).isNull() || block.path(f[2]).asText("").isEmpty()) continue;
      transfer = true;
      if (block.path(f[1]).canConvertToInt()) {
        add(ports, SidePortRole.KV_TRANSFER, block.get(f[1]).asInt());
        notes.add("/server_info: " + f[0] + "." + f[1] + " " + block.get(f[1]).asInt() + " (" + f[2] + " "
            + block.path(f[2]).asText() + ")");
      }
    }
    if (!transfer && !ports.containsKey(SidePortRole.KV_TRANSFER)) {
      off.put(SidePortRole.KV_TRANSFER, "/server_info: no kv_transfer_config or ec_transfer_config connector");
    }

    JsonNode parallel = config.path("parallel_config");
    if (parallel.isObject()) {
      if (parallel.path("data_parallel_master_port").canConvertToInt()) {
        add(ports, SidePortRole.DP_MASTER, parallel.get("data_parallel_master_port").asInt());
        notes.add("/server_info: parallel_config.data_parallel_master_port " + parallel.get("data_parallel_master_port").asInt());
      }
      if (parallel.path("master_port").canConvertToInt()) {
        add(ports, SidePortRole.TORCH_MASTER, parallel.get("master_port").asInt());
        notes.add("/server_info: parallel_config.master_port " + parallel.get("master_port").asInt());
      }
      if (parallel.path("data_parallel_size").canConvertToInt() && parallel.get("data_parallel_size").asInt() == 1) {
        off.put(SidePortRole.DP_SUPERVISOR, "/server_info: parallel_config.data_parallel_size 1 (the data-parallel"
            + " supervisor only runs for data parallel)");
      }
    }
    Map<SidePortRole, List<Integer>> lists = new EnumMap<>(SidePortRole.class);
    ports.forEach((r, s) -> lists.put(r, List.copyOf(s)));
    return new ConfiguredPorts(lists, off, notes);
  }

  private static void add(Map<SidePortRole, Set<Integer>> ports, SidePortRole role, int port) {
    if (port >= 1 && port <= 65535) ports.computeIfAbsent(role, r -> new LinkedHashSet<>()).add(port);
  }

  /**
   * The default plan refined by this configuration: a role the configuration names ports for is probed on those
   * (source server_info) instead of its default; every other role keeps its default port.
   */
  public List<SidePortTarget> refine(List<SidePortTarget> defaults) {
    List<SidePortTarget> out = new ArrayList<>();
    for (SidePortTarget t : defaults) {
      List<Integer> named = ports.get(t.role());
      if (named == null || named.isEmpty()) {
        out.add(t);
      } else {
        for (int p : named) {
          if (out.stream().noneMatch(x -> x.port() == p)) {
            out.add(new SidePortTarget(t.role(), p, sources.getOrDefault(t.role(), SidePortTarget.SERVER_INFO)));
          }
        }
      }
    }
    return out;
  }
}
