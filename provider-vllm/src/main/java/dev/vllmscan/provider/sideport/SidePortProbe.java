package dev.vllmscan.provider.sideport;

import dev.vllmscan.provider.api.sideport.SidePortRole;
import dev.vllmscan.provider.api.sideport.SidePortTarget;
import dev.vllmscan.provider.api.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One TCP connection to one side port, closed at once. Nothing is written, except to the data-parallel supervisor:
 * one {@code GET /health} without credentials (HTTP only speaks when spoken to). A ZeroMQ peer sends its ZMTP
 * signature first, so the probe reads what arrives on its own: at most {@link #PASSIVE_BYTES} bytes within a short
 * deadline, however much a hostile port sends or however long it stays silent. This class never sees the API key.
 */
public final class SidePortProbe {
  /** Enough for the ZMTP signature (10 bytes) and the version byte after it. */
  static final int PASSIVE_BYTES = 16;
  /** Enough for an HTTP status line. */
  static final int HTTP_BYTES = 256;
  /** A ZeroMQ peer greets at once; this deadline only has to cover a slow network's round trip. */
  static final int GREETING_WAIT_MS = 1500;

  private final int connectTimeoutMs;
  private final int readTimeoutMs;

  public SidePortProbe(int connectTimeoutMs) {
    this.connectTimeoutMs = connectTimeoutMs;
    this.readTimeoutMs = Math.min(connectTimeoutMs, GREETING_WAIT_MS);
  }

  public SidePortObservation probe(InetAddress address, String hostLabel, SidePortTarget target) {
    String where = hostLabel + ":" + target.port();
    try (Socket socket = new Socket()) {
      try {
        socket.connect(new InetSocketAddress(address, target.port()), connectTimeoutMs);
      } catch (ConnectException e) {
        return closed(target, where, Verdict.no(where + " refused the connection"));
      } catch (SocketTimeoutException e) {
        return closed(target, where, Verdict.unknown(where + ": no answer to the connection attempt within "
            + connectTimeoutMs + " ms (a filter may drop packets: not the same as closed)"));
      } catch (NoRouteToHostException e) {
        return closed(target, where, Verdict.unknown(where + ": no route to host"));
      }
      socket.setTcpNoDelay(true);
      return target.role() == SidePortRole.DP_SUPERVISOR ? http(socket, target, where, hostLabel) : passive(socket, target, where);
    } catch (IOException e) {
      return closed(target, where, Verdict.unknown(where + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }
  }

  private static SidePortObservation closed(SidePortTarget target, String where, Verdict v) {
    return new SidePortObservation(target, where, v, null, null, v.evidence());
  }

  private SidePortObservation passive(Socket socket, SidePortTarget target, String where) {
    byte[] got = read(socket, PASSIVE_BYTES, false);
    String hex = HexFormat.ofDelimiter(" ").formatHex(got);
    String protocol;
    String line = where + " accepted; sent nothing; ";
    if (Zmtp.isSignature(got)) {
      protocol = "zmtp";
      line += "first bytes " + HexFormat.ofDelimiter(" ").formatHex(got, 0, Zmtp.SIGNATURE_LENGTH) + " (ZMTP "
          + (got.length > Zmtp.SIGNATURE_LENGTH ? (got[Zmtp.SIGNATURE_LENGTH] & 0xff) + " " : "") + "signature)";
    } else if (got.length == 0) {
      protocol = "unknown";
      line += "no bytes within " + readTimeoutMs + " ms (a TCP listener that waits for its client, e.g. a torch TCPStore)";
    } else {
      protocol = "unknown";
      line += "first bytes " + hex + " (not a ZMTP signature)";
    }
    return new SidePortObservation(target, where, Verdict.yes(line), protocol, got.length == 0 ? null : hex, List.of(line));
  }

  private SidePortObservation http(Socket socket, SidePortTarget target, String where, String hostLabel) {
    String request = "GET /health HTTP/1.1\r\nHost: " + where + "\r\nUser-Agent: vllmscan\r\nConnection: close\r\n\r\n";
    try {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      String line = where + " accepted; sending GET /health failed (" + e.getMessage() + ")";
      return new SidePortObservation(target, where, Verdict.yes(line), "unknown", null, List.of(line));
    }
    byte[] got = read(socket, HTTP_BYTES, true);
    String text = new String(got, StandardCharsets.ISO_8859_1);
    int eol = text.indexOf("\r\n");
    String status = eol >= 0 ? text.substring(0, eol) : text;
    String line = where + " accepted; sent GET /health (no credentials); ";
    String protocol;
    if (status.matches("HTTP/1\\.[01] \\d{3}.*")) {
      protocol = "http";
      line += "answered " + printable(status);
    } else if (got.length == 0) {
      protocol = "unknown";
      line += "no answer within " + readTimeoutMs + " ms";
    } else {
      protocol = Zmtp.isSignature(got) ? "zmtp" : "unknown";
      line += "first bytes " + HexFormat.ofDelimiter(" ").formatHex(got, 0, Math.min(got.length, PASSIVE_BYTES)) + " (not HTTP)";
    }
    return new SidePortObservation(target, where, Verdict.yes(line), protocol, got.length == 0 ? null
        : HexFormat.ofDelimiter(" ").formatHex(got, 0, Math.min(got.length, PASSIVE_BYTES)), List.of(line));
  }

  /** At most {@code max} bytes within the read deadline (one deadline for the whole read, not per packet). */
  private byte[] read(Socket socket, int max, boolean stopAtLineEnd) {
    byte[] buf = new byte[max];
    int n = 0;
    long deadline = System.nanoTime() + readTimeoutMs * 1_000_000L;
    try {
      InputStream in = socket.getInputStream();
      while (n < max) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) break;
        socket.setSoTimeout((int) Math.max(1, left));
        int r = in.read(buf, n, max - n);
        if (r < 0) break;
        n += r;
        if (!stopAtLineEnd && n > Zmtp.SIGNATURE_LENGTH) break;
        if (stopAtLineEnd && new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains("\r\n")) break;
      }
    } catch (IOException e) {
      // a timeout or reset ends the read: what arrived before it is the evidence
    }
    return Arrays.copyOf(buf, n);
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) b.append(c >= 0x20 && c < 0x7f ? c : '?');
    return b.toString();
  }
}
