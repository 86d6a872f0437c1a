package dev.vllmscan.provider.sideport;

import dev.vllmscan.provider.api.sideport.SidePortRole;
import dev.vllmscan.provider.api.sideport.SidePortTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import java.util.Locale;
import java.util.Arrays;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One probe against real loopback listeners on ephemeral ports: what it writes (nothing, or one GET /health), what it
 * identifies, and that a hostile port (silent, endless) costs a bounded read.
 */
class SidePortProbeTest {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  static final byte[] ZMTP = {(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 3, 0, 'N', 'U', 'L', 'L'};
  private final List<Listener> listeners = new ArrayList<>();

  /** A loopback listener that runs {@code serve} per connection and records every byte a client sent. */
  static final class Listener implements AutoCloseable {
    final ServerSocket server;
    final AtomicInteger accepts = new AtomicInteger();
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final CountDownLatch clientGone = new CountDownLatch(1);

    Listener(BiConsumer<Socket, Listener> serve) throws IOException {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(LOOPBACK, 0));
      Thread t = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            accepts.incrementAndGet();
            Thread c = new Thread(() -> serve.accept(s, this));
            c.setDaemon(true);
            c.start();
          } catch (IOException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    /** Reads what the client sends until it closes. */
    void drain(Socket s) {
      try (s) {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
          synchronized (received) {
            received.write(buf, 0, n);
          }
        }
      } catch (IOException ignored) {
        // reset by the client
      } finally {
        clientGone.countDown();
      }
    }

    byte[] bytes() throws InterruptedException {
      assertTrue(clientGone.await(10, TimeUnit.SECONDS), "the probe closed its connection");
      synchronized (received) {
        return received.toByteArray();
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  private Listener listen(BiConsumer<Socket, Listener> serve) throws IOException {
    Listener l = new Listener(serve);
    listeners.add(l);
    return l;
  }

  @AfterEach
  void close() throws IOException {
    for (Listener l : listeners) l.close();
  }

  static SidePortObservation probe(SidePortRole role, int port) {
    return new SidePortProbe(3000).probe(LOOPBACK, "127.0.0.1", new SidePortTarget(role, port, SidePortTarget.FLAG));
  }

  @Test
  void aZeroMqPublisherIsIdentifiedByItsSignatureAndReceivesNothing() throws Exception {
    Listener zmq = listen((s, l) -> {
      try {
        s.getOutputStream().write(ZMTP);
      } catch (IOException ignored) {
        // the probe may already be gone
      }
      l.drain(s);
    });
    SidePortObservation o = probe(SidePortRole.KV_EVENTS, zmq.port());
    assertTrue(o.reachable().isYes());
    assertEquals("zmtp", o.protocol());
    assertEquals(List.of("127.0.0.1:" + zmq.port() + " accepted; sent nothing; first bytes ff 00 00 00 00 00 00 00 01 7f"
        + " (ZMTP 3 signature)"), o.evidence());
    assertEquals(0, zmq.bytes().length, "not one byte reaches a ZeroMQ port");
    assertEquals(1, zmq.accepts.get(), "one connection per port");
  }

  @Test
  void aRefusedPortIsClosedAndASilentListenerIsOpenWithoutAProtocol() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      closed = s.getLocalPort();
    }
    SidePortObservation refused = probe(SidePortRole.TORCH_MASTER, closed);
    assertTrue(refused.reachable().isNo(), refused.evidence().toString());
    assertNull(refused.protocol());

    Listener silent = listen((s, l) -> l.drain(s));
    SidePortObservation o = probe(SidePortRole.TORCH_MASTER, silent.port());
    assertTrue(o.reachable().isYes());
    assertEquals("unknown", o.protocol());
    assertTrue(o.evidence().get(0).contains("sent nothing; no bytes within"), o.evidence().toString());
    assertEquals(0, silent.bytes().length);
  }

  @Test
  void theSupervisorGetsOneHealthRequestWithoutCredentials() throws Exception {
    Listener http = listen((s, l) -> {
      try (s) {
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        byte[] buf = new byte[1024];
        int n;
        while (head.indexOf("\r\n\r\n") < 0 && (n = in.read(buf)) > 0) {
          head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
          synchronized (l.received) {
            l.received.write(buf, 0, n);
          }
        }
        OutputStream out = s.getOutputStream();
        out.write("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        l.drain(s);
      } catch (IOException ignored) {
        l.clientGone.countDown();
      }
    });
    SidePortObservation o = probe(SidePortRole.DP_SUPERVISOR, http.port());
    assertEquals("http", o.protocol());
    assertTrue(o.evidence().get(0).endsWith("answered HTTP/1.1 503 Service Unavailable"), o.evidence().toString());
    String sent = new String(http.bytes(), StandardCharsets.ISO_8859_1);
    assertTrue(sent.startsWith("GET /health HTTP/1.1\r\n"), sent);
    assertEquals(1, sent.split("GET ", -1).length - 1, "one request");
    assertFalse(sent.toLowerCase(Locale.ROOT).contains("authorization"), sent);
  }

  @Test
  void anEndlessOrSilentPortCostsABoundedRead() throws Exception {
    Listener endless = listen((s, l) -> {
      try (s) {
        OutputStream out = s.getOutputStream();
        byte[] junk = new byte[64 * 1024];
        Arrays.fill(junk, (byte) 'A');
        while (true) out.write(junk);
      } catch (IOException ignored) {
        l.clientGone.countDown();
      }
    });
    Listener stalled = listen((s, l) -> {
      try {
        s.getOutputStream().write(ZMTP, 0, 3); // a partial greeting, then silence
      } catch (IOException ignored) {
        // gone
      }
      l.drain(s);
    });
    // A hang guard, not a speed goal: each probe ends after at most one connect timeout plus one read deadline.
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      SidePortObservation flood = probe(SidePortRole.KV_TRANSFER, endless.port());
      assertEquals("unknown", flood.protocol());
      assertTrue(flood.firstBytes().split(" ").length <= SidePortProbe.PASSIVE_BYTES, flood.firstBytes());
      SidePortObservation partial = probe(SidePortRole.KV_EVENTS, stalled.port());
      assertEquals("unknown", partial.protocol());
      assertEquals("ff 00 00", partial.firstBytes());
      SidePortObservation floodedSupervisor = probe(SidePortRole.DP_SUPERVISOR, endless.port());
      assertTrue(floodedSupervisor.firstBytes().split(" ").length <= SidePortProbe.PASSIVE_BYTES);
    });
  }
}
