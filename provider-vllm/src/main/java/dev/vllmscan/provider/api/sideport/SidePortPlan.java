package dev.vllmscan.provider.api.sideport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which side ports a scan probes: vLLM's defaults (refined by /server_info when readable), the list the user gave
 * with {@code --side-ports} (which replaces the defaults), or none ({@code --no-side-ports}).
 */
public record SidePortPlan(Mode mode, List<SidePortTarget> targets) {
  public enum Mode { DEFAULTS, FLAG, OFF }

  /** Connection option names (and ParseCLI flags) shared with the launcher and the connector definition. */
  public static final String OPTION = "side-ports";
  public static final String OFF_OPTION = "no-side-ports";

  public SidePortPlan {
    targets = List.copyOf(targets);
  }

  public static SidePortPlan defaults() {
    List<SidePortTarget> out = new ArrayList<>();
    for (SidePortRole r : SidePortRole.known()) out.add(new SidePortTarget(r, r.defaultPort(), SidePortTarget.DEFAULT));
    return new SidePortPlan(Mode.DEFAULTS, out);
  }

  public static SidePortPlan off() {
    return new SidePortPlan(Mode.OFF, List.of());
  }

  /**
   * {@code --side-ports LIST}: comma-separated {@code PORT} or {@code ROLE=PORT}. A bare default port takes its
   * role, any other bare port role "unknown". A bad item is refused with its text and the accepted forms.
   */
  public static SidePortPlan parse(String list) {
    if (list == null || list.isBlank()) {
      throw new IllegalArgumentException("--side-ports needs at least one PORT or ROLE=PORT (or use --no-side-ports)");
    }
    Map<Integer, SidePortTarget> byPort = new LinkedHashMap<>();
    for (String raw : list.split(",", -1)) {
      String item = raw.trim();
      if (item.isEmpty()) throw bad(raw, "an empty item");
      SidePortRole role;
      String portText;
      int eq = item.indexOf('=');
      if (eq >= 0) {
        role = SidePortRole.byId(item.substring(0, eq)).orElseThrow(() -> bad(item, "an unknown role"));
        portText = item.substring(eq + 1).trim();
      } else {
        role = null;
        portText = item;
      }
      int port = port(item, portText);
      if (role == null) role = SidePortRole.byDefaultPort(port);
      byPort.putIfAbsent(port, new SidePortTarget(role, port, SidePortTarget.FLAG));
    }
    return new SidePortPlan(Mode.FLAG, new ArrayList<>(byPort.values()));
  }

  private static int port(String item, String text) {
    if (!text.matches("\\d{1,5}")) throw bad(item, "not a port number");
    int p = Integer.parseInt(text);
    if (p < 1 || p > 65535) throw bad(item, "a port outside 1-65535");
    return p;
  }

  private static IllegalArgumentException bad(String item, String what) {
    String roles = Arrays.stream(SidePortRole.known()).map(SidePortRole::id).collect(Collectors.joining(", "));
    return new IllegalArgumentException("--side-ports: '" + item.trim() + "' is " + what + "; give PORT or ROLE=PORT"
        + " (roles: " + roles + "), comma-separated");
  }

  /** The plan from connection options: {@code no-side-ports} wins, then {@code side-ports}, else the defaults. */
  public static SidePortPlan fromOptions(String list, boolean off) {
    if (off) return off();
    if (list == null || list.isBlank()) return defaults();
    return parse(list);
  }

  /** The option value that {@link #parse} reads back (FLAG plans only). */
  public String encode() {
    return targets.stream().map(t -> t.role() == SidePortRole.UNKNOWN ? String.valueOf(t.port()) : t.role().id() + "=" + t.port()).collect(Collectors.joining(","));
  }
}
