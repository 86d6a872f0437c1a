package dev.vllmscan.launcher.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.schema.Schema;
import dev.vllmscan.schema.SchemaJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MqlCompleterTest {
  static final Schema SCHEMA = load();

  static Schema load() {
    try {
      return SchemaJson.read(Files.readString(Path.of(System.getProperty("vllmscan.home"),
          "provider-vllm/target/classes/provider/vllm.resources.json")));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  final MqlCompleter c = new MqlCompleter(SCHEMA);

  @Test
  void dottedPathsCompleteResourcesAndFields() {
    assertTrue(c.candidates("vllm.ser").contains("vllm.server"));
    assertTrue(c.candidates("vllm.ser").contains("vllm.serverInfo"));
    assertEquals(List.of("vllm.server.docsExposed"), c.candidates("vllm.server.docsE"));
    assertTrue(c.candidates("vllm.serverInfo.trust").contains("vllm.serverInfo.trustRemoteCode"));
  }

  @Test
  void insideABlockTheFieldsOfItsResourceComplete() {
    assertEquals(List.of("corsAllowsAnyOrigin"), c.candidates("vllm.server { baseUrl corsAllowsAny"));
    assertTrue(c.candidates("vllm.endpoints.where(anonymousAccessible == true) { pa").contains("path"));
    assertTrue(c.candidates("vllm.models {\n  permissions { allowS").contains("allowSampling"));
    assertTrue(c.candidates("vllm.server { version }\nvl").contains("vllm"), "a closed block no longer scopes");
    // Inside a predicate's parentheses the element's fields complete, nested calls included.
    assertEquals(List.of("anonymousAccessible", "anonymousStatusCode"), c.candidates("vllm.endpoints.where(anonym").stream().sorted().toList());
    assertTrue(c.candidates("vllm.endpoints.none(path.in([\"/x\"]) && requires").contains("requiresAuth"));
    assertTrue(c.candidates("vllm.models { permissions.where(allowS").contains("allowSampling"));
    assertTrue(c.candidates("vllm.endpoint(pa").isEmpty() || !c.candidates("vllm.endpoint(pa").contains("present"),
        "init arguments are not a predicate scope");
  }

  @Test
  void unknownPathsCompleteNothing() {
    assertEquals(List.of(), c.candidates("vllm.nothing.x"));
    assertEquals(List.of(), c.candidates("vllm.server.version.x"));
  }
}
