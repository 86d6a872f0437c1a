package dev.vllmscan.provider.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

/** What a target that accepts connections and answers nothing costs: no probe beyond the ones already under way. */
class SilentTargetTest {
  private static MockWebServer silent() throws Exception {
    return ProbeTargets.serving(r -> new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
  }

  private static HttpProber prober(MockWebServer s, int concurrency) {
    return ProbeTargets.prober(s, 1, concurrency);
  }

  /** Settles the server's count: it may still be reading a request the client has written. */
  private static int readByServer(MockWebServer s, int atLeast) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (s.getRequestCount() < atLeast && System.nanoTime() < end) Thread.sleep(20);
    Thread.sleep(300);
    return s.getRequestCount();
  }

  @Test
  void aProbeWaitingForASlotWhenTheTargetStayedSilentIsNotSent() throws Exception {
    try (MockWebServer s = silent(); HttpProber p = prober(s, 1)) {
      CompletableFuture<Observation> first = p.fetch(ProbeRequest.get("/health"));
      CompletableFuture<Observation> queued = p.fetch(ProbeRequest.get("/version"));
      Observation q = queued.get(10, TimeUnit.SECONDS);
      assertFalse(first.get(10, TimeUnit.SECONDS).answered());
      assertFalse(q.answered());
      assertTrue(String.valueOf(q.error()).contains("not sent: the target answered no request within 1 s"), q.error());
      assertEquals(1, p.requestCount(), "only the probe under way reached the wire");
      assertEquals(1, readByServer(s, 1));
      // Asked for after the silence was seen: the scan wants it, so it goes out.
      assertFalse(p.fetch(ProbeRequest.get("/metrics")).get(10, TimeUnit.SECONDS).answered());
      assertEquals(2, p.requestCount());
    }
  }

  @Test
  void probesTheScanCancelledAreNotResent() throws Exception {
    try (MockWebServer s = silent(); HttpProber p = prober(s, 4)) {
      CompletableFuture<Observation> a = p.fetch(ProbeRequest.get("/health"));
      CompletableFuture<Observation> b = p.fetch(ProbeRequest.get("/version"));
      assertEquals(2, readByServer(s, 2), "both under way");
      p.cancelPending();
      assertFalse(a.get(10, TimeUnit.SECONDS).answered());
      assertFalse(b.get(10, TimeUnit.SECONDS).answered());
      assertEquals(2, readByServer(s, 3), "a cancelled probe's closed socket is not a reason to send it again");
      assertEquals(2, p.requestCount());
    }
  }
}
