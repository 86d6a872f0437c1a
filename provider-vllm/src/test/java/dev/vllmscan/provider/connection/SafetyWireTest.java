package dev.vllmscan.provider.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.provider.probe.RouteCatalogue;
import dev.vllmscan.provider.probe.RouteSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * At the wire: no state-changing route ever sees its documented method or a body, key or no key. The
 * server answers 405 (allow: POST) on every state-changing path, as a registered FastAPI route would.
 */
class SafetyWireTest {
  private static final java.util.Set<String> STATE_CHANGING = RouteCatalogue.builtIn().stateChangingPaths();

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void stateChangingRoutesOnlySeeGetWithoutBody(boolean withKey) throws Exception {
    List<RecordedRequest> seen = new CopyOnWriteArrayList<>();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest r) {
          seen.add(r);
          if (!STATE_CHANGING.contains(r.getPath())) {
            return new MockResponse().setResponseCode(404).setHeader("content-type", "application/json")
                .setBody("{\"detail\":\"Not Found\"}");
          }
          return new MockResponse().setResponseCode(405).setHeader("allow", "POST")
              .setHeader("content-type", "application/json").setBody("{\"detail\":\"Method Not Allowed\"}");
        }
      });
      server.start(java.net.InetAddress.getLoopbackAddress(), 0);
      String base = "http://127.0.0.1:" + server.getPort();
      ConnectionConfig cfg = ConnectionConfig.parse(base, withKey ? "s3cret-key" : null, false, 5);
      try (Posture posture = new Posture(cfg, RouteCatalogue.builtIn(), new dev.vllmscan.provider.probe.Pace(16, 0))) {
        posture.routes();
        posture.cors();
        assertEquals(Boolean.TRUE, dev.vllmscan.provider.verdict.Rollups.exposed(posture.routes(), "weights").orNull());
      }
    }
    List<RouteSpec> stateChanging = RouteCatalogue.builtIn().routes().stream().filter(RouteSpec::stateChanging).toList();
    // 24 up to 0.29, and 4 more from 0.30-0.33: /inference/v1/abort_requests, /release_kv_cache_memory,
    // /shutdown_weight_transfer_engine, /weight_checker; and SageMaker's POST /adapters, DELETE /adapters/{name}.
    assertEquals(30, stateChanging.size());
    for (RouteSpec route : stateChanging) {
      List<RecordedRequest> hits = new ArrayList<>();
      for (RecordedRequest r : seen) {
        if (r.getPath().equals(route.path())) hits.add(r);
      }
      assertFalse(hits.isEmpty(), route.path() + " was never probed");
      for (RecordedRequest r : hits) {
        assertEquals("GET", r.getMethod(), route.path());
        assertEquals(0, r.getBodySize(), route.path());
      }
    }
    for (RecordedRequest r : seen) {
      if (!withKey) assertEquals(null, r.getHeader("Authorization"));
      assertTrue(r.getHeader("User-Agent").startsWith("vllmscan/"));
    }
  }

  @Test
  void catalogueTotalsHold() {
    RouteCatalogue c = RouteCatalogue.builtIn();
    // 69 rows up to vLLM 0.29; 11 more for 0.30-0.33 (verified against vLLM 0.33.0's own app, testdata/real-vllm);
    // 2 for SageMaker's adapter routes (>= 0.11.1, recorded in 0.14.1 and 0.29.0 with runtime LoRA updating).
    assertEquals(82, c.routes().size());
    assertEquals(7, c.routes().stream().filter(r -> r.inGroup("weights")).count(), "weight-replacement routes");
    c.routes().stream().filter(RouteSpec::stateChanging).forEach(r -> {
      assertFalse(r.sendsBody(), r.key());
      assertFalse(r.wireMethod().equals(r.method()), r.key());
    });
  }
}
