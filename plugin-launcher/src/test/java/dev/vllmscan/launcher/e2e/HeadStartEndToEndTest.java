package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.provider.e2e.FakeVllm;
import dev.vllmscan.provider.e2e.Targets;
import java.util.HashMap;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** A scan through the real provider subprocess uses the head start, and the target still sees each request once. */
class HeadStartEndToEndTest {
  @Test
  void aScanBeginsProbingBeforeConnectAndSendsEachRequestOnce() throws Exception {
    FakeVllm target = new FakeVllm("0.29.0").era11();
    try (MockWebServer s = Targets.serve(target)) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", Targets.url(s), "-o", "json", "--log-level", "debug");
      assertEquals(1, o.code(), o.err());
      assertTrue(o.err().contains("head start: catalogue run begun"), o.err());
      assertTrue(o.err().contains("Connect adopts the prepared connection"), o.err());
      Map<String, Integer> sent = new HashMap<>();
      for (RecordedRequest r : target.seen) {
        sent.merge(r.getMethod() + " " + r.getPath() + " origin=" + r.getHeader("Origin"), 1, Integer::sum);
      }
      sent.forEach((id, n) -> assertEquals(1, n, id + " was sent " + n + " times"));
      assertTrue(target.seen.size() > 50, "the catalogue ran: " + target.seen.size());
    }
  }
}
