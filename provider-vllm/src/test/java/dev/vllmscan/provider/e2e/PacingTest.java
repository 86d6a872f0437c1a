package dev.vllmscan.provider.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.sdk.plugin.ProviderException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** --rate, --probe-concurrency and Retry-After: the scanner slows down when asked, by the user or the target. */
class PacingTest {
  /** A vLLM that rate-limits its first /version answer with the given Retry-After. */
  static Dispatcher limitedOnce(String retryAfter, AtomicInteger versionHits) {
    FakeVllm vllm = new FakeVllm("0.11.0").era11();
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        if (r.getPath().equals("/version") && versionHits.incrementAndGet() == 1) {
          return FakeVllm.json(429, "{\"detail\":\"slow down\"}").setHeader("retry-after", retryAfter);
        }
        return vllm.dispatch(r);
      }
    };
  }

  @Test
  void aRateLimitedAnswerIsRetriedOnceAfterRetryAfter() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    try (MockWebServer s = Targets.serve(limitedOnce("1", hits)); ProviderHarness h = new ProviderHarness(Targets.url(s), null)) {
      assertEquals("0.11.0", h.server().get("version"));
      assertEquals(2, hits.get(), "asked again once, after the pause the server asked for");
    }
  }

  @Test
  void aRetryAfterLongerThanWeWaitLeavesTheAnswerUnknown() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    try (MockWebServer s = Targets.serve(limitedOnce("3600", hits)); ProviderHarness h = new ProviderHarness(Targets.url(s), null)) {
      Object version = h.server().get("version");
      assertTrue(version instanceof ProviderHarness.FieldError e && e.message().startsWith("unknown: ")
          && e.message().contains("429"), "a 429 we did not wait out is unknown, with its status: " + version);
      assertEquals(1, hits.get());
    }
  }

  @Test
  void aRateSpacesTheRequestsOut() throws Exception {
    List<Long> arrivals = new CopyOnWriteArrayList<>();
    FakeVllm vllm = new FakeVllm("0.11.0").era11();
    Dispatcher timed = new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        arrivals.add(System.nanoTime());
        return vllm.dispatch(r);
      }
    };
    int rate = 50;
    try (MockWebServer s = Targets.serve(timed);
        ProviderHarness h = new ProviderHarness(Targets.url(s), null, false, 10, Map.of("rate", (long) rate))) {
      assertEquals(true, h.server().get("assessable"));
    }
    List<Long> sorted = arrivals.stream().sorted().toList();
    double spanSeconds = (sorted.get(sorted.size() - 1) - sorted.get(0)) / 1e9;
    // A slow machine only stretches the span; jitter is ±20 % per gap and averages out.
    double floor = (sorted.size() - 1) / (double) rate * 0.7;
    assertTrue(spanSeconds >= floor, sorted.size() + " requests in " + spanSeconds + " s; at " + rate + "/s expected >= " + floor);
  }

  @Test
  void outOfRangePaceIsAUsageError() {
    ProviderException e = assertThrows(ProviderException.class,
        () -> new ProviderHarness("http://127.0.0.1:9", null, false, 5, Map.of("concurrency", 1000L)));
    assertTrue(e.getMessage().contains("between 1 and 256"), e.getMessage());
  }
}
