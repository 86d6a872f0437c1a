package dev.vllmscan.launcher.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ports a profile's vLLM has beside its API, on loopback: a ZeroMQ peer's greeting for {@code kv-events}
 * (ZMTP 3.0, NULL mechanism; the signature is sent before anything is read, as vLLM's PUB socket does), an HTTP {@code /health}
 * for {@code dp-supervisor}, a bare accept for the others. Each listener counts its connections and keeps every
 * byte a client sent (up to 64 KiB), so tests can prove what the scanner wrote.
 */
public final class SidePortListeners implements AutoCloseable {
  /** ZMTP 3.0 greeting: signature (ff, 8 padding bytes, 7f), version 3.0, mechanism "NULL", as-server 0, filler. */
  static final byte[] ZMTP_GREETING = greeting();
  private static final int KEPT = 64 * 1024;

  private final Map<String, ServerSocket> sockets = new LinkedHashMap<>();
  private final Map<String, AtomicInteger> accepts = new ConcurrentHashMap<>();
  private final Map<String, ByteArrayOutputStream> received = new ConcurrentHashMap<>();
  private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());

  /** Opens one listener per role (port 0 picks a free one). */
  public static SidePortListeners open(Map<String, Integer> roles) {
    SidePortListeners l = new SidePortListeners();
    try {
      for (Map.Entry<String, Integer> e : roles.entrySet()) l.listen(e.getKey(), e.getValue() == null ? 0 : e.getValue());
      return l;
    } catch (IOException | RuntimeException e) {
      l.close();
      throw new IllegalStateException("cannot open the emulated side ports: " + e.getMessage(), e);
    }
  }

  private void listen(String role, int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    sockets.put(role, server);
    accepts.put(role, new AtomicInteger());
    received.put(role, new ByteArrayOutputStream());
    Thread t = new Thread(() -> acceptLoop(role, server), "emulated-side-port-" + role);
    t.setDaemon(true);
    t.start();
  }

  private void acceptLoop(String role, ServerSocket server) {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      accepts.get(role).incrementAndGet();
      open.add(s);
      Thread t = new Thread(() -> serve(role, s), "emulated-side-port-" + role + "-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(String role, Socket s) {
    try (s) {
      s.setSoTimeout(30_000);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      boolean zmtp = role.equals("kv-events");
      if (zmtp) {
        // libzmq sends the 10-byte signature, then waits for the peer's before the rest of its greeting
        // (as vLLM 0.32's publisher was measured to do).
        out.write(ZMTP_GREETING, 0, 10);
        out.flush();
      }
      byte[] buf = new byte[4096];
      StringBuilder head = new StringBuilder();
      int n;
      int peer = 0;
      while ((n = in.read(buf)) > 0) {
        keep(role, buf, n);
        if (zmtp && peer < 10 && (peer += n) >= 10) {
          out.write(ZMTP_GREETING, 10, ZMTP_GREETING.length - 10);
          out.flush();
        }
        if (role.equals("dp-supervisor")) {
          head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
          if (head.indexOf("\r\n\r\n") >= 0) {
            boolean health = head.toString().startsWith("GET /health ");
            out.write((health ? "HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                : "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return;
          }
        }
      }
    } catch (IOException e) {
      // the client closed or reset: that is how the scanner leaves
    } finally {
      open.remove(s);
    }
  }

  private void keep(String role, byte[] buf, int n) {
    ByteArrayOutputStream b = received.get(role);
    synchronized (b) {
      b.write(buf, 0, Math.max(0, Math.min(n, KEPT - b.size())));
    }
  }

  /** Role → the port it listens on. */
  public Map<String, Integer> ports() {
    Map<String, Integer> out = new LinkedHashMap<>();
    sockets.forEach((role, s) -> out.put(role, s.getLocalPort()));
    return out;
  }

  /** The {@code --side-ports} value naming every listener: {@code kv-events=P,...}. */
  public String flagValue() {
    List<String> items = new ArrayList<>();
    ports().forEach((role, port) -> items.add(role + "=" + port));
    return String.join(",", items);
  }

  public int accepts(String role) {
    AtomicInteger a = accepts.get(role);
    return a == null ? 0 : a.get();
  }

  /** Every byte clients sent to this role's port (up to 64 KiB). */
  public byte[] received(String role) {
    ByteArrayOutputStream b = received.get(role);
    if (b == null) return new byte[0];
    synchronized (b) {
      return b.toByteArray();
    }
  }

  public boolean isEmpty() {
    return sockets.isEmpty();
  }

  @Override
  public void close() {
    for (ServerSocket s : sockets.values()) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
    synchronized (open) {
      for (Socket s : open) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }
  }

  private static byte[] greeting() {
    byte[] g = new byte[64];
    g[0] = (byte) 0xff;
    g[8] = 0x01; // libzmq pads with the identity length + 1, as vLLM's publisher sends it
    g[9] = 0x7f;
    g[10] = 3;
    g[11] = 0;
    byte[] mechanism = "NULL".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(mechanism, 0, g, 12, mechanism.length);
    return g;
  }
}
