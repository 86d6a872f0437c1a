package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.probe.grpc.GrpcAllowList;
import dev.vllmscan.provider.probe.grpc.GrpcChannel;
import dev.vllmscan.provider.probe.grpc.GrpcObservation;
import dev.vllmscan.provider.probe.grpc.ReflectionClient;
import dev.vllmscan.provider.probe.grpc.Rpc;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pure rules over one {@link GrpcObservation}: is vLLM's engine there, what is exposed, what answered without
 * credentials. Yes and no each need an answer that shows it; a silence, a timeout or a status a client can
 * produce on its own is unknown, with the reason.
 */
public final class GrpcVerdict {
  /** Model-info fields shown in evidence, in this order, when the server sent them. */
  static final List<String> MODEL_FIELDS = List.of("served_model_name", "model_path", "model_type", "architectures",
      "max_context_length", "vocab_size", "tokenizer_path");

  private GrpcVerdict() {}

  /** vLLM's engine service is served here. */
  public static Verdict present(GrpcObservation o) {
    if (!o.answered()) return Verdict.unknown(o.noAnswer());
    ReflectionClient.Reflection r = o.reflection();
    if (r.engineListed()) {
      return Verdict.yes("reflection (" + r.method() + ") lists " + GrpcAllowList.ENGINE
          + (o.methods().isEmpty() ? "" : " with " + o.methods().size() + " methods"));
    }
    List<Rpc> ok = o.engine().stream().filter(Rpc::ok).toList();
    if (!ok.isEmpty()) return Verdict.yes(ok.get(0).line());
    if (o.keyed() != null && o.keyed().ok()) return Verdict.yes(o.keyed().line());
    if (r.listed()) {
      return Verdict.no("reflection (" + r.method() + ") lists " + r.servicesTotal() + " services and not "
          + GrpcAllowList.ENGINE + ": " + Verdict.named(r.services()));
    }
    if (!o.engine().isEmpty() && o.engine().stream().allMatch(x -> x.code() == Status.Code.UNIMPLEMENTED)) {
      return Verdict.no(o.engine().stream().map(Rpc::line).toArray(String[]::new));
    }
    return Verdict.unknown("a gRPC server answered at " + o.target().address() + " but neither reflection nor the engine's"
        + " read-only methods showed whether " + GrpcAllowList.ENGINE + " is served: " + Verdict.named(calls(o)));
  }

  /** Server reflection answers (anonymously: the scanner never sends the key to it). */
  public static Verdict reflectionExposed(GrpcObservation o) {
    if (!o.answered()) return Verdict.unknown(o.noAnswer());
    ReflectionClient.Reflection r = o.reflection();
    if (r.listed()) {
      return Verdict.yes(r.method() + " (anonymous) → OK: " + r.servicesTotal() + " services: " + Verdict.named(r.services()));
    }
    if (r.answered()) {
      return Verdict.yes(r.method() + " (anonymous) answered"
          + (r.code() == Status.Code.RESOURCE_EXHAUSTED ? " with a message over the " + (GrpcChannel.MAX_INBOUND_MESSAGE >> 20)
          + " MiB cap (not read)" : ": " + r.problem()));
    }
    if (r.code() == Status.Code.UNIMPLEMENTED) {
      return Verdict.no("grpc.reflection.v1alpha and grpc.reflection.v1 ServerReflectionInfo (anonymous) → UNIMPLEMENTED");
    }
    if (r.code() == Status.Code.UNAUTHENTICATED || r.code() == Status.Code.PERMISSION_DENIED) {
      return Verdict.no(r.method() + " (anonymous) → " + r.problem());
    }
    return Verdict.unknown(r.method() + " (anonymous) → " + r.problem());
  }

  /** {@code grpc.health.v1.Health/Check} answers anonymously. */
  public static Verdict healthExposed(GrpcObservation o) {
    if (!o.answered()) return Verdict.unknown(o.noAnswer());
    Rpc h = o.health();
    if (h.ok()) return Verdict.yes(h.line() + ", status " + h.fields().get("status"));
    if (h.code() == Status.Code.UNIMPLEMENTED || h.refused()) return Verdict.no(h.line());
    return Verdict.unknown(h.line());
  }

  /** A read-only engine method answered without credentials: anyone who reaches the port can call the engine. */
  public static Verdict anonymousAccess(GrpcObservation o) {
    if (!o.answered()) return Verdict.unknown(o.noAnswer());
    List<Rpc> ok = o.engine().stream().filter(Rpc::ok).toList();
    if (!ok.isEmpty()) {
      List<String> lines = new ArrayList<>();
      ok.forEach(r -> lines.add(r.line()));
      Rpc model = o.engineCall("GetModelInfo");
      if (model != null && model.ok()) lines.add("model info: " + modelSummary(model.fields()));
      List<String> state = stateChanging(o);
      if (!state.isEmpty()) {
        lines.add("also callable by the same clients (never sent by the scan): " + String.join(", ", state)
            + ("known-names".equals(o.methodsSource()) ? " (known names; reflection did not list them)" : ""));
      }
      return Verdict.of(Verdict.State.YES, lines);
    }
    if (o.engine().isEmpty()) {
      return Verdict.unknown(present(o).isNo() ? GrpcAllowList.ENGINE + " is not served here" : "no engine method was called");
    }
    if (o.engine().stream().allMatch(Rpc::refused)) {
      return Verdict.of(Verdict.State.NO, o.engine().stream().map(Rpc::line).toList());
    }
    return Verdict.unknown("the engine's read-only methods did not settle: " + Verdict.named(calls(o)));
  }

  /** The key turns a refusal into an answer; null (no verdict) when there is no key or it was not needed. */
  public static Verdict apiKeyAccepted(GrpcObservation o) {
    if (!o.target().hasKey()) return null;
    if (!o.answered()) return Verdict.unknown(o.noAnswer());
    Rpc k = o.keyed();
    if (k == null) return null;
    if (k.ok()) return Verdict.yes(k.line());
    if (k.refused()) return Verdict.no(k.line());
    return Verdict.unknown(k.line());
  }

  /** Why {@link #apiKeyAccepted} has no verdict, for the evidence map. */
  public static String apiKeyNotAsked(GrpcObservation o) {
    if (!o.target().hasKey()) return "no API key was given";
    return "the key was not sent: the anonymous calls were not refused (" + Verdict.named(calls(o)) + ")";
  }

  /** Plaintext or TLS, as the answer came. */
  public static Verdict usesTls(GrpcObservation o) {
    if (!o.answered()) return Verdict.unknown(o.noAnswer());
    String how = o.target().tls() ? "over TLS" : "in plaintext HTTP/2 (h2c)";
    return Verdict.of(o.target().tls(), "a gRPC server answered " + how + " at " + o.target().address()
        + (o.target().detectedFrom() != null ? " (given as " + o.target().detectedFrom() + ")" : ""));
  }

  /** Engine methods not on the allow-list (the scanner never calls them), from reflection only. */
  public static List<String> stateChanging(GrpcObservation o) {
    return o.methods().stream().filter(m -> !m.allowListed()).map(GrpcObservation.MethodInfo::name).toList();
  }

  /** The methods' lines, or unknown when only known names were available. */
  public static Verdict methodsListed(GrpcObservation o) {
    if (!o.answered()) return Verdict.unknown(o.noAnswer());
    if ("reflection".equals(o.methodsSource())) {
      return Verdict.of(Verdict.State.YES, o.methods().stream().map(GrpcObservation.MethodInfo::line).toList());
    }
    if ("known-names".equals(o.methodsSource())) {
      return Verdict.unknown("reflection did not list the engine's methods (" + o.reflection().problem() + "); the "
          + "read-only ones were called by their known names");
    }
    return Verdict.unknown(GrpcAllowList.ENGINE + " was not asked: " + present(o).reason());
  }

  static String modelSummary(Map<String, Object> fields) {
    List<String> parts = new ArrayList<>();
    for (String f : MODEL_FIELDS) if (fields.containsKey(f)) parts.add(f + "=" + fields.get(f));
    if (parts.isEmpty()) fields.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(", ", parts);
  }

  private static List<String> calls(GrpcObservation o) {
    List<String> out = new ArrayList<>();
    o.engine().forEach(r -> out.add(r.line()));
    if (o.keyed() != null) out.add(o.keyed().line());
    if (out.isEmpty() && o.health() != null) out.add(o.health().line());
    return out;
  }
}
