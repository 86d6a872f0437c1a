package dev.vllmscan.provider.probe.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.provider.verdict.GrpcVerdict;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The allow-list against a server that records every call it receives and answers every method (so a call that
 * slipped through would be seen, not refused by the server): reflection lists vLLM's state-changing methods and
 * one nobody knows, and still only the read-only RPCs arrive.
 */
class GrpcAllowListTest {
  static final Set<String> ALLOWED = Set.of(GrpcAllowList.REFLECTION_V1ALPHA, GrpcAllowList.REFLECTION_V1,
      GrpcAllowList.HEALTH, GrpcAllowList.ENGINE + "/HealthCheck", GrpcAllowList.ENGINE + "/GetModelInfo",
      GrpcAllowList.ENGINE + "/GetServerInfo", GrpcAllowList.ENGINE + "/GetLoads");

  @Test
  void aFullProbeSendsOnlyAllowListedRpcs() throws Exception {
    try (RecordingGrpcServer server = new RecordingGrpcServer(RecordingGrpcServer.reflection(
        List.of("grpc.reflection.v1alpha.ServerReflection", GrpcAllowList.ENGINE), RecordingGrpcServer.engineFile()),
        () -> new byte[0]);
        GrpcProber prober = new GrpcProber(server.target(5000, "secret-key-123"))) {
      GrpcObservation o = prober.observe();
      assertEquals("reflection", o.methodsSource());
      List<String> received = new ArrayList<>(server.calls);
      assertFalse(received.isEmpty());
      for (String call : received) assertTrue(ALLOWED.contains(call), "sent a method off the allow-list: " + call);
      assertEquals(Set.of(GrpcAllowList.REFLECTION_V1ALPHA, GrpcAllowList.HEALTH, GrpcAllowList.ENGINE + "/HealthCheck",
          GrpcAllowList.ENGINE + "/GetModelInfo", GrpcAllowList.ENGINE + "/GetServerInfo", GrpcAllowList.ENGINE + "/GetLoads"),
          Set.copyOf(received));
      assertEquals(received.size(), o.sent().size(), "the scanner's own record of what it sent matches the server's");
      assertEquals(List.of(), prober.refused(), "the scanner's own code never asks for a refused method");
      assertEquals(List.of("Generate", "Embed", "FlushCache", "StartProfile", "StopProfile", "Abort", "GetTokenizer",
          "SubscribeKvEvents", "DropEverything"), GrpcVerdict.stateChanging(o));
      assertTrue(GrpcVerdict.anonymousAccess(o).isYes());
      assertEquals(null, o.keyed(), "anonymous calls answered: the key is never sent");
    }
  }

  @Test
  void theChannelRefusesEveryOtherMethodBeforeTheWire() throws Exception {
    try (RecordingGrpcServer server = new RecordingGrpcServer(null, () -> new byte[0]);
        GrpcChannel channel = new GrpcChannel(server.target(5000, null))) {
      List<MethodDescriptor<byte[], byte[]>> forbidden = new ArrayList<>();
      for (String m : List.of("FlushCache", "Abort", "StartProfile", "Embed", "DropEverything")) {
        forbidden.add(unary(GrpcAllowList.ENGINE + "/" + m, MethodDescriptor.MethodType.UNARY));
      }
      // allow-listed names opened as the wrong kind of call (a stream) are refused too
      forbidden.add(unary(GrpcAllowList.ENGINE + "/GetModelInfo", MethodDescriptor.MethodType.SERVER_STREAMING));
      forbidden.add(unary(GrpcAllowList.ENGINE + "/Generate", MethodDescriptor.MethodType.SERVER_STREAMING));
      forbidden.add(unary(GrpcAllowList.HEALTH.replace("Check", "Watch"), MethodDescriptor.MethodType.SERVER_STREAMING));
      forbidden.add(unary(GrpcAllowList.REFLECTION_V1ALPHA, MethodDescriptor.MethodType.UNARY));
      for (MethodDescriptor<byte[], byte[]> m : forbidden) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
            () -> ClientCalls.blockingUnaryCall(channel.channel(), m, CallOptions.DEFAULT, new byte[0]), m.getFullMethodName());
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
      }
      assertEquals(forbidden.size(), channel.allowList().refused().size());
      // a permitted call afterwards reaches the server: the refusals above were not the server's doing
      ClientCalls.blockingUnaryCall(channel.channel(), unary(GrpcAllowList.ENGINE + "/GetLoads", MethodDescriptor.MethodType.UNARY),
          CallOptions.DEFAULT, new byte[0]);
      assertEquals(List.of(GrpcAllowList.ENGINE + "/GetLoads"), server.calls);
    }
  }

  @Test
  void everyCallGetsTheDeadlineEvenWhenItAskedForNone() throws Exception {
    try (RecordingGrpcServer server = new RecordingGrpcServer(null, () -> null); // accepts, never answers
        GrpcChannel channel = new GrpcChannel(server.target(500, null))) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(channel.channel(),
          unary(GrpcAllowList.ENGINE + "/GetModelInfo", MethodDescriptor.MethodType.UNARY), CallOptions.DEFAULT, new byte[0]));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    }
  }

  @Test
  void theKnownMethodsDataAgreesWithTheAllowList() {
    List<String> readOnly = KnownMethods.all().stream().filter(KnownMethods.Method::readOnly).map(KnownMethods.Method::name).toList();
    assertEquals(Set.copyOf(GrpcAllowList.ENGINE_READ_ONLY), Set.copyOf(readOnly));
    assertEquals(12, KnownMethods.all().size(), "the twelve methods vLLM 0.32 serves");
  }

  static MethodDescriptor<byte[], byte[]> unary(String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type).setFullMethodName(name)
        .setRequestMarshaller(RecordingGrpcServer.BYTES).setResponseMarshaller(RecordingGrpcServer.BYTES).build();
  }
}
