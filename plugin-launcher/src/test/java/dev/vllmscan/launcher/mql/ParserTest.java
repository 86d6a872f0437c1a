package dev.vllmscan.launcher.mql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.schema.LrParser;
import dev.vllmscan.schema.Schema;
import dev.vllmscan.schema.SchemaBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParserTest {
  static Schema schema() throws Exception {
    String lr = Files.readString(Path.of(System.getProperty("vllmscan.home"), "resources", "vllm.lr"));
    return SchemaBuilder.build(new LrParser().parse(lr), "dev.vllmscan/providers/vllm");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "vllm.server { baseUrl reachable version }",
      "vllm.endpoints.where( anonymousAccessible ) { path category }",
      "vllm.endpoint(path: \"/sleep\", method: \"POST\")",
      "vllm.server.usesTls == true",
      "vllm.server.corsConfigured == false || vllm.server.corsAllowsAnyOrigin == false",
      "vllm.endpoints.where(path.in([\"/tokenize\", \"/detokenize\"])).none(anonymousAccessible == true)",
      "vllm.server.version == empty",
      "vllm.models.length > 0 && vllm.models.first.id != null",
      "vllm.server.version == /^0\\.2/",
      "asset.family.contains(\"vllm\")",
      "vllm.endpoints.map(path).contains(\"/health\")",
      "!(vllm.server.docsExposed == true)",
      "vllm.serverInfo.trustRemoteCode",
      "vllm.endpoints { path method category present anonymousAccessible requiresAuth }"})
  void acceptsTheGrammar(String q) throws Exception {
    Query.compile(q, schema());
  }

  @Test
  void suggestsTheNearestField() throws Exception {
    MqlException e = assertThrows(MqlException.class, () -> Query.compile("vllm.server.docExposed", schema()));
    assertEquals("vllm.server.docExposed: no such field; did you mean docsExposed?", e.getMessage());
    assertEquals(12, e.position());
    assertTrue(e.describe("vllm.server.docExposed").startsWith("1:13:"));
  }

  @Test
  void reportsSyntaxPositions() {
    MqlException e = assertThrows(MqlException.class, () -> Parser.parse("vllm.server { baseUrl "));
    assertTrue(e.getMessage().contains("not closed"), e.getMessage());
    MqlException eq = assertThrows(MqlException.class, () -> Parser.parse("vllm.server.usesTls = true"));
    assertEquals(20, eq.position());
  }

  @Test
  void nullSemanticsFollowTheReferenceEngine() {
    assertEquals(false, Semantics.equal(null, false));
    assertEquals(true, Semantics.equal(null, Expr.Empty.EMPTY));
    assertEquals(true, Semantics.equal("", Expr.Empty.EMPTY));
    assertEquals(false, Semantics.equal(false, Expr.Empty.EMPTY));
    assertEquals(true, Semantics.combine(null, null));
    assertEquals(false, Semantics.combine(null, true));
    assertEquals(false, Semantics.combine(true, null));
    assertInstanceOf(Expr.Binary.class, Parser.parse("a == b && c"));
  }
}
