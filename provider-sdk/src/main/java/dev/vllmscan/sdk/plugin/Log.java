package dev.vllmscan.sdk.plugin;

import java.util.Locale;

/**
 * Plain-text logging to stderr. stdout belongs to the handshake line; hosts copy stderr verbatim, so lines
 * avoid the prefixes that switch a Go host into panic mode.
 */
public final class Log {
  public enum Level { TRACE, DEBUG, INFO, WARN, ERROR, DISABLED }

  private static volatile Level level = Level.WARN;
  /** Names the process in every line: {@code <provider>-provider}, set by the plugin's start. */
  private static volatile String source = "provider";

  private Log() {}

  public static void setSource(String name) {
    source = name;
  }

  public static String source() {
    return source;
  }

  public static void setLevel(String name) {
    if (name == null || name.isBlank()) {
      level = Level.WARN;
      return;
    }
    switch (name.toLowerCase(Locale.ROOT)) {
      case "trace" -> level = Level.TRACE;
      case "debug" -> level = Level.DEBUG;
      case "info" -> level = Level.INFO;
      case "warn" -> level = Level.WARN;
      case "error", "fatal", "panic" -> level = Level.ERROR;
      case "disabled" -> level = Level.DISABLED;
      default -> level = Level.WARN;
    }
  }

  public static boolean enabled(Level l) {
    return level != Level.DISABLED && l.ordinal() >= level.ordinal();
  }

  public static void debug(String msg) {
    log(Level.DEBUG, msg);
  }

  public static void info(String msg) {
    log(Level.INFO, msg);
  }

  public static void warn(String msg) {
    log(Level.WARN, msg);
  }

  public static void error(String msg) {
    log(Level.ERROR, msg);
  }

  private static final long START = System.nanoTime();

  private static void log(Level l, String msg) {
    if (enabled(l)) {
      // Debug lines carry the time since start, so a slow probe or wave stands out.
      String at = l.ordinal() <= Level.DEBUG.ordinal() ? "+" + (System.nanoTime() - START) / 1_000_000 + "ms " : "";
      System.err.println(source + " " + l.name().toLowerCase(Locale.ROOT) + ": " + at + msg);
    }
  }
}
