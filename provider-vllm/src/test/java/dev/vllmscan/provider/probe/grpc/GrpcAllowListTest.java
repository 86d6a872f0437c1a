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
  void theAllowListIsBuiltFromTheCataloguesReadOnlyRowsAlone() throws Exception {
    // The shipped catalogue: its read-only rows are the engine's allowed methods, and they are these four (a row
    // newly marked read-only changes what the scanner sends, so it has to change this line too).
    assertEquals(12, KnownMethods.all().size(), "the twelve methods vLLM 0.32 serves");
    assertEquals(List.of("HealthCheck", "GetModelInfo", "GetServerInfo", "GetLoads"), GrpcAllowList.ENGINE_READ_ONLY);
    assertEquals(GrpcAllowList.readOnly(KnownMethods.all()), GrpcAllowList.ENGINE_READ_ONLY);
    // Another catalogue gives another list: the rows decide, not a second copy in code.
    List<KnownMethods.Method> other = catalogue("GetLoads\tread-only\tload\nGetModelInfo\tstate-changing\tx\n");
    Set<String> unary = GrpcAllowList.unary(GrpcAllowList.readOnly(other));
    assertTrue(GrpcAllowList.allows(unary, GrpcAllowList.ENGINE + "/GetLoads", MethodDescriptor.MethodType.UNARY));
    assertFalse(GrpcAllowList.allows(unary, GrpcAllowList.ENGINE + "/GetModelInfo", MethodDescriptor.MethodType.UNARY));
    assertFalse(GrpcAllowList.allows(unary, GrpcAllowList.ENGINE + "/HealthCheck", MethodDescriptor.MethodType.UNARY),
        "a method not in the catalogue's read-only set cannot leave");
  }

  @Test
  void theCataloguesStateChangingMethodsAndStreamsAreNeverAllowed() throws Exception {
    List<KnownMethods.Method> never = KnownMethods.all().stream().filter(m -> !m.readOnly()).toList();
    assertEquals(List.of("Generate", "Embed", "FlushCache", "StartProfile", "StopProfile", "Abort", "GetTokenizer",
        "SubscribeKvEvents"), never.stream().map(KnownMethods.Method::name).toList());
    for (KnownMethods.Method m : never) {
      for (MethodDescriptor.MethodType type : MethodDescriptor.MethodType.values()) {
        assertFalse(GrpcAllowList.allows(GrpcAllowList.ENGINE + "/" + m.name(), type), m.name() + " as " + type);
      }
    }
    // and on a live channel none of them reaches a server that would answer anything
    try (RecordingGrpcServer server = new RecordingGrpcServer(null, () -> new byte[0]);
        GrpcChannel channel = new GrpcChannel(server.target(5000, null))) {
      for (KnownMethods.Method m : never) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(channel.channel(),
            unary(GrpcAllowList.ENGINE + "/" + m.name(), MethodDescriptor.MethodType.UNARY), CallOptions.DEFAULT, new byte[0]));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), m.name());
      }
      assertEquals(List.of(), server.calls);
    }
  }

  @Test
  void aCatalogueThatCouldWidenTheListByAccidentIsRefused() {
    for (String bad : List.of("Abort\tstate-changing\tx\nAbort\tread-only\tx\n", "GetLoads\treadonly\tx\n",
        "vllm.grpc.engine.VllmEngine/Abort\tread-only\tx\n", "GetLoads\tread-only\n")) {
      assertThrows(IllegalStateException.class, () -> catalogue(bad), bad);
    }
  }

  static List<KnownMethods.Method> catalogue(String text) throws java.io.IOException {
    return KnownMethods.parse(new java.io.BufferedReader(new java.io.StringReader(text)));
  }

  static MethodDescriptor<byte[], byte[]> unary(String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type).setFullMethodName(name)
        .setRequestMarshaller(RecordingGrpcServer.BYTES).setResponseMarshaller(RecordingGrpcServer.BYTES).build();
  }
}
