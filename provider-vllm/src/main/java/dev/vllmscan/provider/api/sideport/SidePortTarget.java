package dev.vllmscan.provider.api.sideport;

/** One port to probe: its role and where the scanner learnt it ("default", "flag", "server_info" or
 * "kv_event_sources"). */
public record SidePortTarget(SidePortRole role, int port, String source) {
  public static final String DEFAULT = "default";
  public static final String FLAG = "flag";
  public static final String SERVER_INFO = "server_info";
  public static final String KV_EVENT_SOURCES = "kv_event_sources";

  /** A port the deployment is known to use (named by the user or by its own configuration), not a guess. */
  public boolean configured() {
    return !source.equals(DEFAULT);
  }

  public String describe() {
    return role.id() + " " + port + " (" + source + ")";
  }
}
