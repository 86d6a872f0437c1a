package dev.vllmscan.provider.probe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/** A target's probes come in waves as wide as its concurrency: later waves reuse the first wave's connections. */
class ConnectionReuseTest {
  @Test
  void wavesReuseEveryConnectionTheFirstOneOpened() throws Exception {
    int width = 8;
    // Slow enough that a wave's requests are all in flight at once, each on a connection of its own.
    try (MockWebServer s = ProbeTargets.serving(r -> new MockResponse().setBody("{}").setHeadersDelay(150, TimeUnit.MILLISECONDS))) {
      try (HttpProber p = ProbeTargets.prober(s, 5, width)) {
        for (int wave = 0; wave < 3; wave++) {
          List<ProbeRequest> requests = new ArrayList<>();
          for (int i = 0; i < width; i++) requests.add(ProbeRequest.get("/w" + wave + "/r" + i));
          for (Observation o : p.getAll(requests)) assertTrue(o.answered(), String.valueOf(o.error()));
        }
      }
      int opened = 0;
      for (int i = 0; i < 3 * width; i++) {
        if (s.takeRequest(5, TimeUnit.SECONDS).getSequenceNumber() == 0) opened++;
      }
      // OkHttp's default pool keeps 5 idle connections: later waves opened up to 3 again each (12–13 in all here). At most
      // one per probe in flight now (fewer only if a loaded machine let a wave's requests run one after another).
      assertTrue(opened <= width, opened + " connections opened for three waves of " + width);
    }
  }
}
