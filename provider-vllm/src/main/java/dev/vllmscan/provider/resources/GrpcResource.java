package dev.vllmscan.provider.resources;

import dev.vllmscan.provider.lr.VllmGrpcFields;
import dev.vllmscan.provider.probe.grpc.GrpcObservation;
import dev.vllmscan.provider.probe.grpc.Rpc;
import dev.vllmscan.sdk.runtime.FieldError;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.verdict.GrpcVerdict;
import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.connection.Posture;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code vllm.grpc}: vLLM's gRPC frontend as seen by its read-only calls. On a target that answered HTTP, the
 * frontend was not asked (it would be on another port): {@code present} is false with that as evidence and every
 * other field is null, so no check on it can pass.
 */
public final class GrpcResource extends ResourceDefinition<VllmConnection> implements VllmGrpcFields<VllmConnection> {
  public GrpcResource() {
    super("vllm.grpc");
  }

  /** Why the gRPC face was not asked on this target. */
  private static String notAsked(Posture p) {
    if (Posture.HTTP.equals(p.frontend())) {
      return "the target answered HTTP/1.1 at " + p.config().baseUrl() + ", so it is not a gRPC frontend; a gRPC frontend"
          + " on another port is not asked (scan vllm grpc://HOST:PORT)";
    }
    return "not asked over gRPC: " + p.config().baseUrl() + " gave no HTTP answer, and not the kind an HTTP/2-only"
        + " server gives (" + p.assessment().reason() + ")";
  }

  /** The observation, or null when the target answered HTTP and its gRPC face was not asked. */
  private static GrpcObservation observed(Posture p) {
    return p.grpc();
  }

  /** A verdict field's value (true, false, unknown); null when the gRPC face was not asked. */
  private static Object tabled(VllmConnection c, GrpcVerdicts field) {
    return observed(c, null, o -> field.verdict(o).require());
  }

  private static <T> T observed(VllmConnection c, ResourceInstance s, Function<GrpcObservation, T> value) {
    GrpcObservation o = observed(c.posture());
    return o == null ? null : value.apply(o);
  }

  private static <T> T unknown(Verdict v) {
    throw FieldError.unknown(v.isUnknown() ? v.reason() : "reflection did not list the services: " + v.reason());
  }

  /** A read-only method's answer as a dict (what whoever reaches the port learns); null when it was not read. */
  private static Object answer(GrpcObservation o, String method) {
    if (!o.answered()) throw FieldError.unknown(o.noAnswer());
    Rpc r = o.engineCall(method);
    if (r != null && r.ok()) return new LinkedHashMap<>(r.fields());
    if (o.keyed() != null && o.keyed().ok() && o.keyed().shortName().equals(method)) return new LinkedHashMap<>(o.keyed().fields());
    if (r == null) throw FieldError.unknown(method + " was not called: " + GrpcVerdict.present(o).reason());
    if (r.refused()) return null;
    throw FieldError.unknown(r.line());
  }

  /** Field name → the calls and answers that decided it. */
  private Map<String, List<String>> evidence(GrpcObservation o) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    out.put("present", lines(GrpcVerdict.present(o)));
    GrpcVerdicts.IN_LR_ORDER.forEach(v -> out.put(v.fieldName(), lines(v.verdict(o))));
    Verdict key = GrpcVerdict.apiKeyAccepted(o);
    out.put("apiKeyAccepted", key == null ? List.of(GrpcVerdict.apiKeyNotAsked(o)) : lines(key));
    out.put("methods", lines(GrpcVerdict.methodsListed(o)));
    List<String> state = new ArrayList<>();
    GrpcVerdict.stateChanging(o).forEach(m -> state.add(m + ": never called by the scan"));
    out.put("stateChangingMethods", state.isEmpty() ? lines(GrpcVerdict.methodsListed(o)) : state);
    List<String> rpcs = new ArrayList<>();
    if (o.reflection() != null) {
      rpcs.add(o.reflection().method() + " (anonymous, one stream, half-closed) → " + o.reflection().code()
          + (o.reflection().problem() == null ? "" : ": " + o.reflection().problem()));
    }
    if (o.health() != null) rpcs.add(o.health().line());
    o.engine().forEach(r -> rpcs.add(r.line()));
    if (o.keyed() != null) rpcs.add(o.keyed().line());
    o.skipped().forEach(x -> rpcs.add("not called: " + x));
    out.put("rpcsSent", rpcs);
    out.put("modelInfo", List.of(modelLine(o, "GetModelInfo")));
    out.put("serverInfo", List.of(modelLine(o, "GetServerInfo")));
    return out;
  }

  private static String modelLine(GrpcObservation o, String method) {
    Rpc r = o.engineCall(method);
    if (r == null) return method + " was not called";
    return r.ok() ? r.line() + ": " + r.fields() : r.line();
  }

  private static List<String> lines(Verdict v) {
    return v.isUnknown() ? List.of(FieldError.UNKNOWN + v.reason()) : v.evidence();
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    return c.cache().getOrCreate(name(), c.baseUrl(),
        () -> VllmGrpcFields.instance(c.baseUrl(), c.posture().grpcAddress()));
  }

  @Override
  public Boolean present(VllmConnection c, ResourceInstance s) {
    GrpcObservation o = observed(c.posture());
    if (o != null) return GrpcVerdict.present(o).require();
    if (Posture.HTTP.equals(c.posture().frontend())) return Boolean.FALSE;
    throw FieldError.unknown(notAsked(c.posture()));
  }

  @Override
  public Boolean usesTls(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, GrpcVerdicts.USES_TLS);
  }

  @Override
  public Boolean reflectionExposed(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, GrpcVerdicts.REFLECTION_EXPOSED);
  }

  @Override
  public Boolean healthExposed(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, GrpcVerdicts.HEALTH_EXPOSED);
  }

  @Override
  public Boolean anonymousAccess(VllmConnection c, ResourceInstance s) {
    return (Boolean) tabled(c, GrpcVerdicts.ANONYMOUS_ACCESS);
  }

  @Override
  public Boolean apiKeyAccepted(VllmConnection c, ResourceInstance s) {
    return observed(c, s, o -> {
      Verdict v = GrpcVerdict.apiKeyAccepted(o);
      return v == null ? null : v.require();
    });
  }

  @Override
  public List<String> services(VllmConnection c, ResourceInstance s) {
    return observed(c, s, o -> o.answered() && o.reflection().listed() ? o.reflection().services() : unknown(
        GrpcVerdict.reflectionExposed(o)));
  }

  @Override
  public List<String> methods(VllmConnection c, ResourceInstance s) {
    return observed(c, s, o -> {
      if (o.methodsSource() == null) throw FieldError.unknown(GrpcVerdict.methodsListed(o).reason());
      return o.methods().stream().map(GrpcObservation.MethodInfo::name).toList();
    });
  }

  @Override
  public String methodsSource(VllmConnection c, ResourceInstance s) {
    return observed(c, s, GrpcObservation::methodsSource);
  }

  @Override
  public List<String> stateChangingMethods(VllmConnection c, ResourceInstance s) {
    return observed(c, s, o -> {
      if (!"reflection".equals(o.methodsSource())) throw FieldError.unknown(GrpcVerdict.methodsListed(o).reason());
      return GrpcVerdict.stateChanging(o);
    });
  }

  @Override
  public Object modelInfo(VllmConnection c, ResourceInstance s) {
    return observed(c, s, o -> answer(o, "GetModelInfo"));
  }

  @Override
  public Object serverInfo(VllmConnection c, ResourceInstance s) {
    return observed(c, s, o -> answer(o, "GetServerInfo"));
  }

  @Override
  public List<String> rpcsSent(VllmConnection c, ResourceInstance s) {
    return observed(c, s, GrpcObservation::sent);
  }

  @Override
  public Map<String, List<String>> evidence(VllmConnection c, ResourceInstance s) {
    GrpcObservation o = observed(c.posture());
    return o != null ? evidence(o) : Map.of("present", List.of(notAsked(c.posture())));
  }
}
