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
import java.util.Arrays;
import java.util.List;
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
  void literalsOfEveryKind() {
    Expr.ListLit list = (Expr.ListLit) Parser.parse("[1, -2, 2.5, \"s\", true, false, null, empty]");
    List<Object> values = list.items().stream().map(e -> ((Expr.Literal) e).value()).toList();
    assertEquals(Arrays.asList(1L, -2L, 2.5, "s", true, false, null, Expr.Empty.EMPTY), values);
    assertEquals("^0\\.2", ((Expr.Regex) ((Expr.Binary) Parser.parse("v == /^0\\.2/")).right()).pattern());
  }

  @Test
  void precedenceBindsComparisonsThenAndThenOr() {
    Expr.Binary or = (Expr.Binary) Parser.parse("a || b && c == 1");
    assertEquals("||", or.op());
    Expr.Binary and = (Expr.Binary) or.right();
    assertEquals("&&", and.op());
    assertEquals("==", ((Expr.Binary) and.right()).op());
    for (String op : List.of("<", "<=", ">", ">=", "!=")) {
      assertEquals(op, ((Expr.Binary) Parser.parse("x " + op + " 3")).op());
    }
    Expr.Unary not = (Expr.Unary) Parser.parse("!(a == b)");
    assertEquals("!", not.op());
  }

  @Test
  void blocksNestAndCallsTakeNamedArguments() {
    Expr.Block outer = (Expr.Block) Parser.parse("vllm.models { id permissions { allowSampling organization } }");
    assertEquals(List.of("id", "permissions"), outer.labels());
    assertInstanceOf(Expr.Block.class, outer.items().get(1));
    Expr.Member ep = (Expr.Member) Parser.parse("vllm.endpoint(path: \"/sleep\", method: \"POST\")");
    assertTrue(ep.call());
    assertEquals(List.of("path", "method"), ep.args().stream().map(Expr.Arg::name).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "vllm.endpoints.one(anonymousAccessible == true)",
      "vllm.endpoints.all(present != null)",
      "vllm.endpoints.any(anonymousStatusCode >= 400 && anonymousStatusCode < 500)",
      "vllm.endpoints.last.path.contains(\"/v1\")",
      "vllm.metrics.exposedModelNames.length <= 1",
      "vllm.server.certificateExpiresAt != null",
      "vllm.server {\n  baseUrl\n  version\n}"})
  void acceptsListFunctionsAndMultiLineBlocks(String q) throws Exception {
    assertInstanceOf(Expr.class, Query.compile(q, schema()).expr());
  }

  @Test
  void checkerErrorsNamePositionsAndSuggest() throws Exception {
    Schema s = schema();
    MqlException resource = assertThrows(MqlException.class, () -> Query.compile("vlm.server", s));
    assertTrue(resource.getMessage().contains("did you mean vllm"), resource.getMessage());
    assertEquals(0, resource.position());
    MqlException inBlock = assertThrows(MqlException.class, () -> Query.compile("vllm.server {\n  versoin\n}", s));
    assertTrue(inBlock.describe("vllm.server {\n  versoin\n}").startsWith("2:3:"), inBlock.describe("vllm.server {\n  versoin\n}"));
    assertTrue(inBlock.getMessage().contains("version"), inBlock.getMessage());
    MqlException fn = assertThrows(MqlException.class, () -> Query.compile("vllm.endpoints.wher(present)", s));
    assertTrue(fn.getMessage().contains("where"), fn.getMessage());
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
