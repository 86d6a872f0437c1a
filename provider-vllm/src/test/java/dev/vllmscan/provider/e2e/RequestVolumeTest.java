package dev.vllmscan.provider.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * How many requests a full resource dump costs, with and without a key (the reference provider: 71 / 134),
 * and that no request is ever sent twice on one connection. Prints the numbers for the README and notes.
 */
class RequestVolumeTest {
  record Volume(int provider, int wire, int resources) {}

  static Volume dump(FakeVllm target, String key) throws Exception {
    try (MockWebServer s = Targets.serve(target); ProviderHarness h = new ProviderHarness(Targets.url(s), key)) {
      int resources = h.fullDump();
      int counted = h.requests();
      Map<String, Integer> sent = new HashMap<>();
      for (RecordedRequest r : target.seen) {
        String id = r.getMethod() + " " + r.getPath() + (r.getHeader("Authorization") != null ? " +key" : "")
            + (r.getHeader("Origin") != null ? " origin=" + r.getHeader("Origin") : "");
        sent.merge(id, 1, Integer::sum);
      }
      sent.forEach((id, n) -> assertEquals(1, n, id + " was sent " + n + " times"));
      return new Volume(counted, target.seen.size(), resources);
    }
  }

  static FakeVllm stock(boolean keyed) {
    FakeVllm f = new FakeVllm("0.29.0").era11();
    return keyed ? f.key(Targets.KEY, "/v1", "/v2", "/inference", "/cohere") : f;
  }

  @Test
  void fullDumpRequestCountWithAndWithoutAKey() throws Exception {
    Volume anonymous = dump(stock(false), null);
    Volume keyed = dump(stock(true), Targets.KEY);
    System.out.printf("full resource dump of a stock vLLM 0.29: %d requests without a key, %d with a key "
        + "(%d and %d resources read; reference provider: 71 / 134)%n",
        anonymous.wire(), keyed.wire(), anonymous.resources(), keyed.resources());
    assertEquals(anonymous.wire(), anonymous.provider(), "requestsSent counts what reached the wire");
    assertEquals(keyed.wire(), keyed.provider());
    assertTrue(keyed.wire() > anonymous.wire(), "guarded rows are probed again with the key");
    assertTrue(keyed.wire() < 2 * anonymous.wire(), "the key is sent only where a guard could ask for it");
  }
}
