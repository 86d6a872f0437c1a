package dev.vllmscan.launcher.mql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.launcher.shell.MqlCompleterTestAccess;
import dev.vllmscan.llx.ResourceRef;
import dev.vllmscan.schema.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The executor against a fake data source: operators, list functions, null semantics, laziness, nesting. */
class ExecutorTest {
  static final Schema SCHEMA = MqlCompleterTestAccess.schema();

  /** A server and N endpoints with scripted field values; counts every field read. */
  static final class Fake implements DataSource {
    final Map<String, Object> server = new HashMap<>();
    final List<Map<String, Object>> endpoints = new ArrayList<>();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public ResourceRef create(String resource, Map<String, Object> args) {
      return new ResourceRef(resource, resource.equals("vllm.endpoint") ? String.valueOf(args.get("path")) : "base");
    }

    @Override
    public Object field(ResourceRef ref, String field) {
      reads.incrementAndGet();
      switch (ref.name()) {
        case "vllm":
          if (field.equals("server")) return new ResourceRef("vllm.server", "base");
          if (field.equals("endpoints")) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < endpoints.size(); i++) out.add(new ResourceRef("vllm.endpoint", String.valueOf(i)));
            return out;
          }
          throw new QueryError("not scripted: " + field);
        case "vllm.server":
          if (!server.containsKey(field)) throw new QueryError("not scripted: " + field);
          return server.get(field);
        case "vllm.endpoint":
          return endpoints.get(Integer.parseInt(ref.id())).get(field);
        default:
          throw new QueryError("no " + ref.name());
      }
    }

    @Override
    public Map<String, Object> asset() {
      return Map.of("name", "vLLM x", "platform", "vllm-server", "family", List.of("vllm", "api"), "version", "0.11.0");
    }
  }

  static Object eval(Fake f, String q) {
    try (Executor e = new Executor(SCHEMA, f)) {
      return e.eval(Query.compile(q, SCHEMA).expr());
    }
  }

  static Fake fake() {
    Fake f = new Fake();
    f.server.put("version", "0.11.0");
    f.server.put("docsExposed", null);
    f.server.put("apiKeyRequired", true);
    f.server.put("guardedPrefixes", List.of("/v1", "/v2"));
    f.server.put("unguardedInferenceRoutes", List.of());
    f.server.put("serverHeader", null);
    String[][] rows = {{"/v1/models", "openai"}, {"/tokenize", "utility"}, {"/sleep", "development"}};
    Boolean[] open = {false, true, null};
    for (int i = 0; i < rows.length; i++) {
      Map<String, Object> ep = new HashMap<>();
      ep.put("path", rows[i][0]);
      ep.put("category", rows[i][1]);
      ep.put("anonymousAccessible", open[i]);
      ep.put("anonymousStatusCode", (long) (200 + i));
      f.endpoints.add(ep);
    }
    return f;
  }

  @Test
  void nullSemanticsOfTheReference() {
    Fake f = fake();
    assertEquals(false, eval(f, "vllm.server.docsExposed == false"), "null == false is false");
    assertEquals(false, eval(f, "vllm.server.docsExposed == true"));
    assertEquals(true, eval(f, "vllm.server.serverHeader == empty"), "a null string equals empty");
    assertEquals(true, eval(f, "vllm.server.unguardedInferenceRoutes.all(_ == \"/x\")"), "all on [] is vacuously true");
    assertEquals(true, eval(f, "vllm.endpoints.where(category == \"development\").none(anonymousAccessible == true)"),
        "a null row does not count in none");
  }

  @Test
  void listFunctionsInRegexAndContains() {
    Fake f = fake();
    assertEquals(true, eval(f, "vllm.endpoints.one(anonymousAccessible == true)"));
    assertEquals(false, eval(f, "vllm.endpoints.one(anonymousStatusCode >= 200)"));
    assertEquals(true, eval(f, "vllm.endpoints.any(path == /^\\/tok/)"));
    assertEquals(true, eval(f, "vllm.server.version == /^0\\.1[01]\\./"));
    assertEquals(true, eval(f, "vllm.server.version.contains(\"11\")"));
    assertEquals(true, eval(f, "vllm.server.guardedPrefixes.contains(\"/v2\")"));
    assertEquals(true, eval(f, "vllm.server.version.in([\"0.10.0\", \"0.11.0\"])"));
    assertEquals(false, eval(f, "vllm.server.version.in([\"0.29.0\"])"));
    assertEquals(3L, eval(f, "vllm.endpoints.length"));
    assertEquals("/v1/models", eval(f, "vllm.endpoints.first.path"));
    assertEquals("/sleep", eval(f, "vllm.endpoints.last.path"));
    assertEquals(List.of("/v1/models", "/tokenize", "/sleep"), eval(f, "vllm.endpoints.map(path)"));
    assertEquals(true, eval(f, "!(vllm.server.apiKeyRequired == false) && vllm.endpoints.length > 2 || false"));
    assertEquals(true, eval(f, "asset.family.contains(\"vllm\")"));
    assertEquals("0.11.0", eval(f, "asset.version"));
  }

  @Test
  void onlyTheFieldsAQueryNamesAreRead() {
    Fake f = fake();
    eval(f, "vllm.server.version");
    assertEquals(1, f.reads.get(), "vllm.server is created, then only its version is read");
  }

  @Test
  void aBlockOverAListLongerThanThePoolDoesNotDeadlock() {
    Fake f = fake();
    for (int i = 0; i < 200; i++) {
      f.endpoints.add(Map.of("path", "/r" + i, "category", "custom", "anonymousStatusCode", 404L));
    }
    Object v = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      try (Executor e = new Executor(SCHEMA, f)) {
        return e.evalForDisplay(Query.compile("vllm.endpoints { path category anonymousStatusCode }", SCHEMA).expr());
      }
    });
    assertEquals(203, ((List<?>) v).size());
  }

  @Test
  void aFieldErrorIsAnErrorValueInsideABlockAndAQueryErrorAlone() {
    Fake f = fake();
    try (Executor e = new Executor(SCHEMA, f)) {
      Object v = e.evalForDisplay(Query.compile("vllm.server { version tlsVersion }", SCHEMA).expr());
      Executor.Projection p = (Executor.Projection) v;
      assertEquals("0.11.0", p.fields().get("version"));
      assertTrue(p.fields().get("tlsVersion") instanceof Executor.ErrorValue);
    }
    org.junit.jupiter.api.Assertions.assertThrows(QueryError.class, () -> eval(f, "vllm.server.tlsVersion"));
    assertNull(eval(f, "vllm.server.docsExposed"));
  }
}
