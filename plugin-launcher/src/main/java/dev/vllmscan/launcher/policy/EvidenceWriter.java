package dev.vllmscan.launcher.policy;

import dev.vllmscan.launcher.mql.DataSource;
import dev.vllmscan.launcher.mql.QueryError;
import dev.vllmscan.launcher.mql.Trace;
import dev.vllmscan.llx.Dict;
import dev.vllmscan.llx.ResourceRef;
import dev.vllmscan.schema.Resource;
import dev.vllmscan.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns what a failed check looked at into evidence lines, as cnspec prints a failing query's actual values:
 * each field it read with its value and the provider's own evidence for that field (routes, statuses, headers),
 * then the list elements that failed it, each by its {@code evidence} field.
 */
final class EvidenceWriter {
  static final String EVIDENCE_FIELD = "evidence";
  static final String INDENT = "  ";

  private final Schema schema;
  private final DataSource data;
  /** A resource's evidence is one read per scan, however many failed checks show it. */
  private final Map<String, Object> cache = new ConcurrentHashMap<>();
  private static final Object NONE = new Object();

  EvidenceWriter(Schema schema, DataSource data) {
    this.schema = schema;
    this.data = data;
  }

  List<String> lines(Trace trace) {
    List<String> out = new ArrayList<>();
    // The offending elements' evidence in one round trip (a batch where the source can).
    List<ResourceRef> refs = new ArrayList<>();
    for (Object element : trace.offending()) if (element instanceof ResourceRef ref) refs.add(ref);
    readAll(refs);
    for (Object element : trace.offending()) {
      out.addAll(element instanceof ResourceRef ref ? elementLines(ref) : List.of(String.valueOf(element)));
    }
    for (Trace.FieldRead r : trace.reads()) {
      out.add(r.ref().name() + "." + r.field() + " = " + show(r.value()));
      for (String line : fieldEvidence(r.ref(), r.field())) out.add(INDENT + line);
    }
    return out;
  }

  /** One line for people: the first few top-level evidence lines. */
  static String summary(List<String> lines) {
    List<String> heads = lines.stream().filter(l -> !l.startsWith(INDENT)).toList();
    if (heads.isEmpty()) return "the check's expression was false";
    int shown = Math.min(3, heads.size());
    String s = String.join("; ", heads.subList(0, shown));
    return heads.size() > shown ? s + " and " + (heads.size() - shown) + " more" : s;
  }

  private List<String> elementLines(ResourceRef ref) {
    Object v = read(ref, EVIDENCE_FIELD);
    if (v instanceof List<?> l && !l.isEmpty()) return l.stream().map(String::valueOf).toList();
    return List.of(ref.name() + " " + ref.id());
  }

  private List<String> fieldEvidence(ResourceRef ref, String field) {
    Object v = read(ref, EVIDENCE_FIELD);
    if (v instanceof Dict d) v = d.value();
    if (v instanceof Map<?, ?> m && m.get(field) instanceof List<?> l) return l.stream().map(String::valueOf).toList();
    return List.of();
  }

  /** Reads the evidence of every element not read before, together; failures count as no evidence. */
  private void readAll(List<ResourceRef> refs) {
    List<DataSource.FieldRead> fresh = new ArrayList<>();
    for (ResourceRef ref : refs) {
      Resource r = schema.resource(ref.name());
      if (r != null && r.field(EVIDENCE_FIELD) != null && !cache.containsKey(key(ref, EVIDENCE_FIELD))) {
        fresh.add(new DataSource.FieldRead(ref, EVIDENCE_FIELD));
      }
    }
    if (fresh.isEmpty()) return;
    List<CompletableFuture<Object>> answers = data.fieldsAsync(fresh);
    for (int i = 0; i < fresh.size(); i++) {
      Object v;
      try {
        v = answers.get(i).join();
      } catch (CompletionException | QueryError e) {
        v = null;
      }
      cache.putIfAbsent(key(fresh.get(i).ref(), EVIDENCE_FIELD), v == null ? NONE : v);
    }
  }

  private static String key(ResourceRef ref, String field) {
    return ref.name() + "\u0000" + ref.id() + "\u0000" + field;
  }

  private Object read(ResourceRef ref, String field) {
    Resource r = schema.resource(ref.name());
    if (r == null || r.field(field) == null) return null;
    Object v = cache.computeIfAbsent(key(ref, field), k -> {
      try {
        Object x = data.field(ref, field);
        return x == null ? NONE : x;
      } catch (QueryError e) {
        return NONE;
      }
    });
    return v == NONE ? null : v;
  }

  private static String show(Object v) {
    if (v instanceof String s) return "\"" + s + "\"";
    return String.valueOf(v);
  }
}
