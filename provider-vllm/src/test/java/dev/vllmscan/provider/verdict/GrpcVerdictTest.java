package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.api.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.provider.probe.grpc.GrpcAllowList;
import dev.vllmscan.provider.probe.grpc.GrpcObservation;
import dev.vllmscan.provider.probe.grpc.GrpcTarget;
import dev.vllmscan.provider.probe.grpc.ReflectionClient;
import dev.vllmscan.provider.probe.grpc.Rpc;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gRPC rules over observations built by hand: yes and no each need an answer that shows them. */
class GrpcVerdictTest {
  static final GrpcTarget PLAIN = new GrpcTarget("10.0.0.5", 8000, false, false, 10_000, null, null);
  static final GrpcTarget KEYED = new GrpcTarget("10.0.0.5", 8000, false, false, 10_000, "k", null);
  static final ReflectionClient.Reflection OFF = new ReflectionClient.Reflection(GrpcAllowList.REFLECTION_V1ALPHA,
      Status.Code.UNIMPLEMENTED, "UNIMPLEMENTED", List.of(), 0, false, null, false);
  static final ReflectionClient.Reflection REFUSED = new ReflectionClient.Reflection(GrpcAllowList.REFLECTION_V1ALPHA,
      Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED (no token)", List.of(), 0, false, null, false);

  static Rpc rpc(String method, Status.Code code) {
    return new Rpc(GrpcAllowList.ENGINE + "/" + method, "anonymous", code, null,
        code == Status.Code.OK ? Map.of("served_model_name", "m") : Map.of(), code == Status.Code.OK ? 5 : -1);
  }

  static GrpcObservation seen(GrpcTarget t, ReflectionClient.Reflection r, Rpc health, List<Rpc> engine, Rpc keyed) {
    return new GrpcObservation(t, null, r, List.of(), "known-names", health, engine, keyed, List.of(), List.of());
  }

  static List<Rpc> all(Status.Code code) {
    return GrpcAllowList.ENGINE_READ_ONLY.stream().map(m -> rpc(m, code)).toList();
  }

  @Test
  void anAuthenticatingProxyInFrontIsNotAnonymousAndItsKeyIsJudged() {
    Rpc health = new Rpc(GrpcAllowList.HEALTH, "anonymous", Status.Code.UNAUTHENTICATED, null, Map.of(), -1);
    Rpc keyedOk = new Rpc(GrpcAllowList.ENGINE + "/GetModelInfo", "apiKey", Status.Code.OK, null, Map.of(), 3);
    GrpcObservation o = seen(KEYED, REFUSED, health, all(Status.Code.UNAUTHENTICATED), keyedOk);
    assertTrue(GrpcVerdict.anonymousAccess(o).isNo());
    assertTrue(GrpcVerdict.reflectionExposed(o).isNo());
    assertTrue(GrpcVerdict.healthExposed(o).isNo());
    assertTrue(GrpcVerdict.apiKeyAccepted(o).isYes());
    assertTrue(GrpcVerdict.present(o).isYes(), "the key's answer shows the engine");
    Rpc keyedRefused = new Rpc(GrpcAllowList.ENGINE + "/GetModelInfo", "apiKey", Status.Code.PERMISSION_DENIED, null, Map.of(), -1);
    GrpcObservation wrongKey = seen(KEYED, REFUSED, health, all(Status.Code.UNAUTHENTICATED), keyedRefused);
    assertTrue(GrpcVerdict.apiKeyAccepted(wrongKey).isNo());
    assertTrue(GrpcVerdict.present(wrongKey).isUnknown(), "refusals alone do not show vLLM");
    assertTrue(Assessment.ofGrpc(wrongKey).reason().contains("showed whether"), Assessment.ofGrpc(wrongKey).reason());
  }

  @Test
  void withoutReflectionTheKnownNamesDecideAndSaySo() {
    Rpc health = new Rpc(GrpcAllowList.HEALTH, "anonymous", Status.Code.OK, null, Map.of("status", "SERVING"), 2);
    GrpcObservation o = seen(PLAIN, OFF, health, all(Status.Code.OK), null);
    assertTrue(GrpcVerdict.anonymousAccess(o).isYes());
    assertTrue(GrpcVerdict.reflectionExposed(o).isNo());
    assertTrue(GrpcVerdict.methodsListed(o).isUnknown());
    assertTrue(GrpcVerdict.methodsListed(o).reason().contains("known names"));
    assertNull(GrpcVerdict.apiKeyAccepted(o), "no key, no verdict");
    assertTrue(Assessment.ofGrpc(o).assessable());
  }

  @Test
  void timeoutsAndMixedAnswersAreUnknownNeverNo() {
    List<Rpc> mixed = List.of(rpc("HealthCheck", Status.Code.UNAUTHENTICATED), rpc("GetModelInfo", Status.Code.DEADLINE_EXCEEDED));
    Rpc health = new Rpc(GrpcAllowList.HEALTH, "anonymous", Status.Code.DEADLINE_EXCEEDED, null, Map.of(), -1);
    GrpcObservation o = seen(PLAIN, OFF, health, mixed, null);
    assertTrue(GrpcVerdict.anonymousAccess(o).isUnknown());
    assertTrue(GrpcVerdict.healthExposed(o).isUnknown());
    GrpcObservation silent = new GrpcObservation(PLAIN, "no gRPC answer from grpc://10.0.0.5:8000: DEADLINE_EXCEEDED", null,
        null, null, null, null, null, null, null);
    for (Verdict v : List.of(GrpcVerdict.present(silent), GrpcVerdict.anonymousAccess(silent), GrpcVerdict.usesTls(silent),
        GrpcVerdict.reflectionExposed(silent), GrpcVerdict.healthExposed(silent))) {
      assertTrue(v.isUnknown());
    }
    assertEquals(false, Assessment.ofGrpc(silent).assessable());
  }

  @Test
  void tlsIsJudgedByHowTheAnswerCame() {
    GrpcTarget tls = new GrpcTarget("h", 443, true, false, 10_000, null, null);
    assertTrue(GrpcVerdict.usesTls(seen(tls, OFF, rpc("HealthCheck", Status.Code.OK), all(Status.Code.OK), null)).isYes());
    assertTrue(GrpcVerdict.usesTls(seen(PLAIN, OFF, rpc("HealthCheck", Status.Code.OK), all(Status.Code.OK), null)).isNo());
  }
}
