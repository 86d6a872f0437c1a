package dev.vllmscan.launcher.emulator;

/**
 * The JDK's HTTP server closes keep-alive connections beyond 200 idle ones, across everything it serves. One emulator
 * answering as a fleet of targets then closed connections that real targets (a server each; uvicorn keeps them 5 s)
 * would keep: 1,900 extra connections and failed reuses in a 1,000-target bench. The limit is read once, when the
 * JDK's server configuration first loads, so every server of this JVM raises it before its first start; a value set on
 * the command line stands.
 */
public final class IdleConnections {
  private IdleConnections() {}

  public static void keepThemAll() {
    if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
      System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
    }
  }
}
