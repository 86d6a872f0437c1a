package dev.vllmscan.launcher.scan;

import dev.vllmscan.launcher.Futures;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.launcher.report.AiInventory;
import dev.vllmscan.llx.Dict;
import dev.vllmscan.llx.ResourceRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads, from a connected target, what an AI bill of materials needs (version, TLS, authentication, models,
 * adapters, advisories), in a few batched round trips; only for -o cyclonedx. A field the provider could not
 * settle keeps its reason: the BOM then says "unknown" instead of leaving a hole that reads as "none".
 */
final class InventoryReader {
  private static final List<String> SERVER = List.of("version", "usesTls", "certificateValid", "apiKeyRequired", "evidence",
      "advisories", "assessmentScope");
  /** Read only when the target is vLLM's gRPC frontend: an HTTP target is never sent a gRPC call for the BOM. */
  private static final List<String> GRPC = List.of("usesTls", "anonymousAccess", "modelInfo");
  private static final List<String> MODEL = List.of("id", "root", "parent", "maxModelLen", "ownedBy");
  private static final List<String> ADVISORY = List.of("id", "aliases", "summary", "severity", "cvss", "cwe", "affected",
      "fixedIn", "url", "surface", "versionAffected", "applies", "evidence");

  private InventoryReader() {}

  static AiInventory read(Session s) {
    ResourceRef server = s.create("vllm.server", Map.of());
    ResourceRef root = s.create("vllm", Map.of());
    ResourceRef metrics = s.create("vllm.metrics", Map.of());
    List<Map.Entry<ResourceRef, String>> reads = new ArrayList<>();
    SERVER.forEach(f -> reads.add(Map.entry(server, f)));
    reads.add(Map.entry(root, "models"));
    reads.add(Map.entry(metrics, "exposedLoraAdapters"));
    Map<String, Object> v = values(s, reads);

    Object version = v.get("vllm.server.version");
    Object advisories = v.get("vllm.server.advisories");
    Object evidence = v.get("vllm.server.evidence");
    String certificate = evidence instanceof Map<?, ?> m && m.get("certificateValid") instanceof List<?> l && !l.isEmpty()
        ? String.valueOf(l.get(0)) : null;
    Object adapters = v.get("vllm.metrics.exposedLoraAdapters");
    String versionText = version instanceof String str && !str.isBlank() ? str : null;
    String versionUnknown = version instanceof Session.FieldFailure f ? f.message()
        : version == null ? "not disclosed: /version did not give it" : null;
    List<String> metricsAdapters = adapters instanceof List<?> names ? names.stream().map(String::valueOf).toList() : List.of();
    List<AiInventory.Finding> found = advisories instanceof List<?> list ? findings(s, list) : null;
    String findingsUnknown = advisories instanceof Session.FieldFailure f ? f.message()
        : advisories == null ? "no version to match advisories against" : null;
    if ("grpc-frontend".equals(v.get("vllm.server.assessmentScope"))) {
      return grpcFrontend(s, versionText, versionUnknown, found, findingsUnknown);
    }
    Object models = v.get("vllm.models");
    return new AiInventory(versionText, versionUnknown, false,
        Boolean.TRUE.equals(v.get("vllm.server.usesTls")),
        bool(v.get("vllm.server.certificateValid")), certificate,
        bool(v.get("vllm.server.apiKeyRequired")),
        models instanceof List<?> list ? models(s, list) : null,
        models instanceof Session.FieldFailure f ? f.message() : models == null ? "no model list" : null,
        metricsAdapters, found, findingsUnknown);
  }

  /**
   * vLLM's gRPC frontend: its TLS, whether it answered anonymously, and the one model GetModelInfo described (the
   * frontend has no model list and no adapters).
   */
  private static AiInventory grpcFrontend(Session s, String version, String versionUnknown,
      List<AiInventory.Finding> advisories, String advisoriesUnknown) {
    ResourceRef grpc = s.create("vllm.grpc", Map.of());
    List<Map.Entry<ResourceRef, String>> reads = new ArrayList<>();
    GRPC.forEach(f -> reads.add(Map.entry(grpc, f)));
    Map<String, Object> g = values(s, reads);
    Object anonymous = g.get("vllm.grpc.anonymousAccess");
    Object info = g.get("vllm.grpc.modelInfo") instanceof Dict d ? d.value() : g.get("vllm.grpc.modelInfo");
    List<AiInventory.Model> models = null;
    String modelsUnknown = null;
    if (info instanceof Map<?, ?> m && m.get("served_model_name") != null) {
      Object root = m.get("model_path");
      Object len = m.get("max_context_length");
      models = List.of(new AiInventory.Model(String.valueOf(m.get("served_model_name")), root == null ? null : String.valueOf(root),
          null, len instanceof Number n ? n.longValue() : null, null));
    } else {
      modelsUnknown = info instanceof Session.FieldFailure f ? f.message() : "GetModelInfo named no served model";
    }
    return new AiInventory(version, versionUnknown, true, Boolean.TRUE.equals(g.get("vllm.grpc.usesTls")), null, null,
        anonymous instanceof Boolean b ? !b : null, models, modelsUnknown, List.of(), advisories, advisoriesUnknown);
  }

  private static List<AiInventory.Model> models(Session s, List<?> refs) {
    List<Map<String, Object>> rows = rows(s, refs, MODEL);
    return rows.stream().map(r -> new AiInventory.Model(str(r.get("id")), str(r.get("root")), str(r.get("parent")),
        r.get("maxModelLen") instanceof Long l ? l : null, str(r.get("ownedBy")))).toList();
  }

  private static List<AiInventory.Finding> findings(Session s, List<?> refs) {
    List<AiInventory.Finding> out = new ArrayList<>();
    for (Map<String, Object> r : rows(s, refs, ADVISORY)) {
      Object applies = r.get("applies");
      List<String> evidence = strings(r.get("evidence"));
      if (applies instanceof Session.FieldFailure f && evidence.size() <= 1) {
        // the advisory's own evidence normally says why applies is unknown; only when it does not, the field error
        evidence = new ArrayList<>(evidence);
        evidence.add(f.message());
      }
      out.add(new AiInventory.Finding(str(r.get("id")), strings(r.get("aliases")), str(r.get("summary")), str(r.get("severity")),
          r.get("cvss") instanceof Double d ? d : null, strings(r.get("cwe")), str(r.get("affected")), str(r.get("fixedIn")),
          str(r.get("url")), str(r.get("surface")), bool(r.get("versionAffected")), bool(applies), evidence));
    }
    return out;
  }

  /** Every listed resource's fields, in one round trip. */
  private static List<Map<String, Object>> rows(Session s, List<?> refs, List<String> fields) {
    List<Map.Entry<ResourceRef, String>> reads = new ArrayList<>();
    for (Object o : refs) {
      if (o instanceof ResourceRef ref) fields.forEach(f -> reads.add(Map.entry(ref, f)));
    }
    List<CompletableFuture<Object>> answers = s.fieldsAsync(reads);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < reads.size(); i += fields.size()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int j = 0; j < fields.size(); j++) row.put(fields.get(j), Futures.join(answers.get(i + j)));
      out.add(row);
    }
    return out;
  }

  private static Map<String, Object> values(Session s, List<Map.Entry<ResourceRef, String>> reads) {
    List<CompletableFuture<Object>> answers = s.fieldsAsync(reads);
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < reads.size(); i++) {
      out.put(reads.get(i).getKey().name() + "." + reads.get(i).getValue(), Futures.join(answers.get(i)));
    }
    return out;
  }

  private static Boolean bool(Object o) {
    return o instanceof Boolean b ? b : null;
  }

  private static String str(Object o) {
    return o instanceof String s && !s.isBlank() ? s : null;
  }

  private static List<String> strings(Object o) {
    return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }
}
