package dev.vllmscan.launcher.conformance;

import com.sun.net.httpserver.HttpServer;
import dev.vllmscan.launcher.emulator.IdleConnections;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A loopback single-page app that answers every path with the same index page: nothing vLLM behind it. A provider
 * must refuse to judge it, whichever host asks, or every "none(...)" check over its routes would pass vacuously.
 */
final class CatchAllTarget implements AutoCloseable {
  static {
    // Whichever of this JVM's HTTP servers starts first fixes the JDK's idle-connection limit for all of them.
    IdleConnections.keepThemAll();
  }

  private static final byte[] INDEX = "<!doctype html><html><body><div id=\"root\"></div></body></html>"
      .getBytes(StandardCharsets.UTF_8);
  private final HttpServer server;

  CatchAllTarget() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("content-type", "text/html");
      exchange.sendResponseHeaders(200, INDEX.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(INDEX);
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
