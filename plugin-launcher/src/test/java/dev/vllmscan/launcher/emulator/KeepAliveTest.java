package dev.vllmscan.launcher.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An emulator answering as many targets keeps their connections alive as separate servers would. */
class KeepAliveTest {
  @Test
  void moreThanTwoHundredIdleConnectionsStayOpen() throws Exception {
    int connections = 260; // the JDK server's default limit is 200 idle ones
    try (VllmEmulator e = VllmEmulator.startFleet(Profile.load("stock-0.29"), 2)) {
      int port = URI.create(e.url()).getPort();
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < connections; i++) {
          Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
          s.setSoTimeout(5_000);
          sockets.add(s);
          assertEquals(200, get(s), "first request on connection " + i);
        }
        Thread.sleep(200); // every connection idle at once
        int reused = 0;
        for (Socket s : sockets) {
          try {
            if (get(s) == 200) reused++;
          } catch (IOException closed) {
            // the server closed it while idle
          }
        }
        assertEquals(connections, reused, "idle connections the server kept");
      } finally {
        for (Socket s : sockets) s.close();
      }
    }
  }

  /** GET /t/0/health on a kept-alive connection; the status, with the (empty) body read. */
  private static int get(Socket s) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write("GET /t/0/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("closed");
      head.append((char) b);
    }
    String h = head.toString().toLowerCase();
    int at = h.indexOf("content-length:");
    int length = at < 0 ? 0 : Integer.parseInt(h.substring(at + 15, h.indexOf("\r\n", at)).trim());
    if (in.readNBytes(length).length != length) throw new IOException("closed");
    return Integer.parseInt(h.substring(9, 12));
  }
}
