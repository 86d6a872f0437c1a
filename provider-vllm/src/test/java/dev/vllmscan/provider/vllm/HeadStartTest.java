package dev.vllmscan.provider.vllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.llx.Types;
import dev.vllmscan.llx.Values;
import dev.vllmscan.proto.llx.Primitive;
import dev.vllmscan.proto.providers.Asset;
import dev.vllmscan.proto.providers.Config;
import dev.vllmscan.proto.providers.ConnectReq;
import dev.vllmscan.proto.providers.DataReq;
import dev.vllmscan.proto.providers.ParseCLIReq;
import dev.vllmscan.provider.connection.Posture;
import dev.vllmscan.provider.e2e.FakeVllm;
import dev.vllmscan.provider.e2e.Targets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockWebServer;
import dev.vllmscan.provider.probe.RouteCatalogue;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The launcher's head start (prepare, then begin) as the provider sees it: nothing reaches the target before
 * begin, a Connect for the same connection adopts the run (no request twice), and any other Connect drops it.
 */
class HeadStartTest {
  static ParseCLIReq scanRequest(String url) {
    Map<String, Primitive> flags = new LinkedHashMap<>();
    flags.put("timeout", Values.encode(Types.INT, 5L));
    flags.put("probe-at-connect", Values.encode(Types.BOOL, true));
    return ParseCLIReq.newBuilder().setConnector("vllm").addArgs(url).putAllFlags(flags).build();
  }

  static int connect(VllmProvider provider, ParseCLIReq req, int id) {
    Asset asset = provider.parseCli(req);
    asset = asset.toBuilder().setConnections(0, asset.getConnections(0).toBuilder().setId(id)).build();
    return provider.connect(ConnectReq.newBuilder().setAsset(asset).build()).getId();
  }

  static Object assessable(VllmProvider provider, int connection) {
    var server = (dev.vllmscan.llx.ResourceRef) Values.decode(provider.getData(DataReq.newBuilder()
        .setConnection(connection).setResource("vllm.server").build()).getData());
    return Values.decode(provider.getData(DataReq.newBuilder().setConnection(connection).setResource("vllm.server")
        .setResourceId(server.id()).setField("assessable").build()).getData());
  }

  @Test
  void nothingReachesTheTargetBeforeBeginAndConnectAdoptsTheRun() throws Exception {
    FakeVllm target = new FakeVllm("0.29.0").era11();
    try (MockWebServer s = Targets.serve(target)) {
      VllmProvider provider = new VllmProvider();
      ParseCLIReq req = scanRequest(Targets.url(s));
      provider.prepare(req);
      Thread.sleep(300);
      assertEquals(0, target.seen.size(), "prepared, not begun: the target was contacted");

      provider.begin();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (target.seen.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
      assertTrue(!target.seen.isEmpty(), "begin starts the catalogue run before any Connect");

      int connection = connect(provider, req, 7);
      assertEquals(true, assessable(provider, connection));
      Map<String, Integer> sent = new HashMap<>();
      for (RecordedRequest r : target.seen) {
        sent.merge(r.getMethod() + " " + r.getPath() + " origin=" + r.getHeader("Origin"), 1, Integer::sum);
      }
      sent.forEach((id, n) -> assertEquals(1, n, id + " was sent " + n + " times: Connect ran a second catalogue"));
      assertEquals(target.seen.size(), provider.requestCount(connection), "the adopted run's requests are this connection's");
      provider.shutdown();
    }
  }

  @Test
  void aConnectForAnotherTargetDropsThePreparedConnection() throws Exception {
    FakeVllm prepared = new FakeVllm("0.29.0").era11();
    FakeVllm other = new FakeVllm("0.29.0").era11();
    try (MockWebServer a = Targets.serve(prepared); MockWebServer b = Targets.serve(other)) {
      VllmProvider provider = new VllmProvider();
      provider.prepare(scanRequest(Targets.url(a)));
      int connection = connect(provider, scanRequest(Targets.url(b)), 8);
      provider.begin(); // too late: Connect came first and dropped it
      assertEquals(true, assessable(provider, connection));
      Thread.sleep(200);
      assertEquals(0, prepared.seen.size(), "the dropped connection's target was contacted");
      assertTrue(other.seen.size() > 50, "the connected target was scanned: " + other.seen.size());
      provider.shutdown();
    }
  }

  /** CI saw it: on a busy machine Connect came while the head start was still being built, and built its own. */
  @Test
  void aConnectDuringPreparationWaitsForItAndAdoptsIt() throws Exception {
    ParseCLIReq req = scanRequest("http://127.0.0.1:9");
    Config conn = new VllmProvider().parseCli(req).getConnections(0);
    Posture posture = new Posture(VllmProvider.fromConnection(conn), RouteCatalogue.builtIn(),
        VllmProvider.paceOf(conn), VllmProvider.sidePlanOf(conn));
    HeadStart headStart = new HeadStart();
    CountDownLatch building = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread preparer = new Thread(() -> headStart.prepare(() -> {
      building.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return new HeadStart.Prepared(conn, posture);
    }));
    preparer.start();
    assertTrue(building.await(5, TimeUnit.SECONDS));

    CompletableFuture<Posture> adopted = CompletableFuture.supplyAsync(
        () -> headStart.adopt(conn.toBuilder().setId(7).build()));
    Thread.sleep(200);
    assertFalse(adopted.isDone(), "Connect went ahead without the head start being prepared");
    release.countDown();
    assertSame(posture, adopted.get(5, TimeUnit.SECONDS), "Connect did not adopt the head start it waited for");
    preparer.join(5_000);
    assertFalse(headStart.begin(), "an adopted head start is no longer the head start's to begin");
    posture.close();
  }
}
