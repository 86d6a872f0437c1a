package dev.vllmscan.provider.probe;

/** How much of a response body is read, by route: enough for the parser that needs it, never more. */
public final class BodyLimits {
  private static final int KIB = 1024;
  private static final int MIB = 1024 * KIB;

  private BodyLimits() {}

  public static int forPath(String path) {
    String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    return switch (p) {
      case "/metrics" -> 16 * MIB;
      case "/server_info", "/tokenizer_info" -> 8 * MIB;
      case "/v1/models" -> 4 * MIB;
      case "/openapi.json" -> 4 * MIB;
      case "/version" -> MIB;
      default -> 64 * KIB;
    };
  }
}
