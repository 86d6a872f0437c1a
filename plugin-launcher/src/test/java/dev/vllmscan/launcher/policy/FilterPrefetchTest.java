package dev.vllmscan.launcher.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.launcher.mql.DataSource;
import dev.vllmscan.launcher.mql.QueryError;
import dev.vllmscan.launcher.report.Report;
import dev.vllmscan.launcher.shell.MqlCompleterTestAccess;
import dev.vllmscan.llx.ResourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A group's filter fields are read with the checks' fields, not one round trip each when a check reaches them. */
class FilterPrefetchTest {
  private static final String BUNDLE = """
      policies:
        - uid: p
          name: p
          groups:
            - title: HTTP only
              filters: vllm.server.frontend == "http" && vllm.server.assessmentScope == "full"
              checks:
                - uid: docs
      queries:
        - uid: docs
          title: docs
          impact: 50
          mql: vllm.server.docsExposed == false
      """;

  static final class Recording implements DataSource {
    final List<String> singles = new CopyOnWriteArrayList<>();
    final List<String> batched = new CopyOnWriteArrayList<>();
    final Map<String, Object> server = Map.of("frontend", "http", "assessmentScope", "full", "docsExposed", false);

    @Override
    public ResourceRef create(String resource, Map<String, Object> args) {
      return new ResourceRef(resource, "id");
    }

    private Object value(ResourceRef ref, String field) {
      if (ref.name().equals("vllm.server") && server.containsKey(field)) return server.get(field);
      throw new QueryError("no " + ref.name() + "." + field);
    }

    @Override
    public Object field(ResourceRef ref, String field) {
      singles.add(ref.name() + "." + field);
      return value(ref, field);
    }

    @Override
    public CompletableFuture<Object> fieldAsync(ResourceRef ref, String field) {
      singles.add(ref.name() + "." + field);
      try {
        return CompletableFuture.completedFuture(value(ref, field));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public List<CompletableFuture<Object>> fieldsAsync(List<FieldRead> reads) {
      List<CompletableFuture<Object>> out = new ArrayList<>();
      for (FieldRead r : reads) {
        batched.add(r.ref().name() + "." + r.field());
        try {
          out.add(CompletableFuture.completedFuture(value(r.ref(), r.field())));
        } catch (RuntimeException e) {
          out.add(CompletableFuture.failedFuture(e));
        }
      }
      return out;
    }

    @Override
    public Map<String, Object> asset() {
      return Map.of("name", "x", "platform", "vllm-server", "family", List.of("vllm"));
    }
  }

  @Test
  void filterFieldsAreInThePrefetch() {
    Recording source = new Recording();
    List<Report.PolicyResult> results = Evaluator.evaluate(List.of(BundleLoader.parse(BUNDLE, "test")),
        MqlCompleterTestAccess.schema(), source);
    assertEquals(Report.Outcome.PASS, results.get(0).checks().get(0).result());
    assertTrue(source.batched.containsAll(List.of("vllm.server.frontend", "vllm.server.assessmentScope",
        "vllm.server.docsExposed")), "batched: " + source.batched);
    assertTrue(source.singles.stream().noneMatch(s -> s.equals("vllm.server.frontend") || s.equals("vllm.server.assessmentScope")),
        "a filter field read on its own: " + source.singles);
  }
}
