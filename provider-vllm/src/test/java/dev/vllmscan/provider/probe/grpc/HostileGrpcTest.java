package dev.vllmscan.provider.probe.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.provider.verdict.Assessment;
import dev.vllmscan.provider.verdict.GrpcVerdict;
import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.services.HealthStatusManager;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Hostile or foreign gRPC servers: each ends in a clear, bounded result (never a pass, never a hang). The time
 * bounds are there to catch a hang, not to measure speed: each is several deadlines wide.
 */
class HostileGrpcTest {
  static final long DEADLINE = 5000;
  static final Duration BOUND = Duration.ofSeconds(30);

  @Test
  void reflectionListingAHundredThousandServicesIsCountedAndNotVllm() throws Exception {
    List<String> names = IntStream.range(0, 100_000).mapToObj(i -> "s" + i).toList();
    try (RecordingGrpcServer server = new RecordingGrpcServer(RecordingGrpcServer.reflection(names, null), null)) {
      GrpcObservation o = observe(server.target(DEADLINE, null));
      assertTrue(o.answered(), o.noAnswer());
      assertEquals(100_000, o.reflection().servicesTotal());
      assertEquals(ReflectionClient.SERVICES_KEPT, o.reflection().services().size());
      assertTrue(GrpcVerdict.present(o).isNo(), GrpcVerdict.present(o).reason());
      Assessment a = Assessment.ofGrpc(o);
      assertFalse(a.assessable());
      assertTrue(a.reason().contains("not vLLM's frontend") && a.reason().contains("100000 services"), a.reason());
      assertTrue(o.engine().isEmpty(), "no engine method is called on a server whose reflection does not list it");
    }
  }

  @Test
  void aHundredMegabyteMessageIsRefusedAtTheCap() throws Exception {
    BindableService huge = () -> RecordingGrpcServer.hugeReflection(100L << 20);
    try (RecordingGrpcServer server = new RecordingGrpcServer(huge, null)) {
      long before = usedHeap();
      GrpcObservation o = observe(server.target(DEADLINE, null));
      assertTrue(o.answered(), o.noAnswer());
      assertEquals(io.grpc.Status.Code.RESOURCE_EXHAUSTED, o.reflection().code(), o.reflection().problem());
      assertTrue(GrpcVerdict.reflectionExposed(o).isYes(), "a reflection answer arrived, over the cap");
      assertTrue(GrpcVerdict.reflectionExposed(o).reason().contains("over the 1 MiB cap"));
      assertEquals("known-names", o.methodsSource(), "without a readable reflection the known names are used, and said so");
      assertTrue(GrpcVerdict.present(o).isNo(), "the engine's methods are not served there: " + GrpcVerdict.present(o).reason());
      assertFalse(Assessment.ofGrpc(o).assessable());
      assertTrue(usedHeap() - before < 64L << 20, "the 100 MB message was never held");
    }
  }

  @Test
  void aServerThatNeverAnswersEndsAtTheDeadline() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) held.add(silent.accept()); // accepts, reads nothing, writes nothing
        } catch (Exception e) {
          // closed
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      GrpcObservation o = observe(new GrpcTarget("127.0.0.1", silent.getLocalPort(), false, false, DEADLINE, null, null));
      assertFalse(o.answered());
      assertTrue(o.noAnswer().contains("DEADLINE_EXCEEDED"), o.noAnswer());
      assertFalse(Assessment.ofGrpc(o).assessable());
      assertTrue(GrpcVerdict.anonymousAccess(o).isUnknown(), "silence is never a pass");
    }
  }

  @Test
  void aGrpcServerWhoseHandlersNeverAnswerEndsAtTheDeadline() throws Exception {
    try (RecordingGrpcServer server = new RecordingGrpcServer(null, () -> null)) {
      GrpcObservation o = observe(server.target(DEADLINE, null));
      // reflection unimplemented (answered by the server), then every engine call times out
      assertTrue(o.answered());
      assertEquals("known-names", o.methodsSource());
      assertTrue(o.engine().stream().allMatch(r -> r.code() == io.grpc.Status.Code.DEADLINE_EXCEEDED));
      assertTrue(GrpcVerdict.anonymousAccess(o).isUnknown());
      assertTrue(GrpcVerdict.present(o).isUnknown());
      assertFalse(Assessment.ofGrpc(o).assessable());
    }
  }

  @Test
  void aNonVllmGrpcServiceIsNotAssessable() throws Exception {
    HealthStatusManager health = new HealthStatusManager();
    Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(health.getHealthService()).addService(ProtoReflectionServiceV1.newInstance()).build().start();
    try {
      GrpcObservation o = observe(new GrpcTarget("127.0.0.1", server.getPort(), false, false, DEADLINE, null, null));
      assertEquals(GrpcAllowList.REFLECTION_V1, o.reflection().method(), "v1 is asked when v1alpha is unimplemented");
      assertTrue(o.reflection().services().contains("grpc.health.v1.Health"));
      assertTrue(GrpcVerdict.present(o).isNo());
      assertTrue(GrpcVerdict.healthExposed(o).isYes());
      Assessment a = Assessment.ofGrpc(o);
      assertFalse(a.assessable());
      assertTrue(a.reason().contains("not vLLM's frontend"), a.reason());
    } finally {
      server.shutdownNow().awaitTermination();
    }
  }

  @Test
  void aPlaintextPortSpeakingHttp1GarbageIsNoGrpcAnswer() throws Exception {
    try (ServerSocket garbage = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        try {
          while (true) {
            try (Socket s = garbage.accept()) {
              OutputStream out = s.getOutputStream();
              out.write(("HTTP/1.1 200 OK\r\nContent-Length: 5000000\r\n\r\n" + "x".repeat(100_000)).getBytes(StandardCharsets.US_ASCII));
              out.flush();
            } catch (java.io.IOException e) {
              // the client hung up
            }
          }
        } catch (Exception e) {
          // closed
        }
      });
      t.setDaemon(true);
      t.start();
      GrpcObservation o = observe(new GrpcTarget("127.0.0.1", garbage.getLocalPort(), false, false, DEADLINE, null, null));
      assertFalse(o.answered(), "HTTP/1 garbage is not a gRPC answer");
      assertNotNull(o.noAnswer());
      assertTrue(GrpcVerdict.usesTls(o).isUnknown());
      assertFalse(Assessment.ofGrpc(o).assessable());
    }
  }

  private static GrpcObservation observe(GrpcTarget target) {
    return assertTimeoutPreemptively(BOUND, () -> {
      try (GrpcProber p = new GrpcProber(target)) {
        GrpcObservation o = p.observe();
        assertEquals(List.of(), p.refused());
        return o;
      }
    });
  }

  private static long usedHeap() {
    System.gc();
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
